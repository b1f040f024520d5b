//! The site's menu (`nav` in the templates), as each page sees it.
//!
//! Every page has the menu, with links relative to the page and its own entry marked,
//! so it is made for every page; but the pages of one folder see it alike except for
//! their own entry. So the menu of such a group of pages is made once, as template
//! values, and each page's copy shares all of it but the entries that differ (template
//! values are reference-counted: a copy does not copy the text).

use std::collections::{BTreeMap, HashMap};

use tera::Value;

use crate::checklist;
use crate::datapages::DATA_OUT;
use crate::render::NavItem;
use crate::site::{self, GLOSSARY_OUT, Site};
use crate::source::Source;
use crate::submissions;

/// The most top-level entries the menu of every page lists; beyond it, pages other than
/// the home page list only their own entry.
pub const FULL_MENU_MAX: usize = 12;

/// The generated pages that join the menu, worked out once per build.
#[derive(Debug, Clone, Copy)]
pub struct NavExtras {
    pub checklist: bool,
    pub submissions: bool,
}

/// The main navigation as seen from the page written to `out`.
pub fn navigation(source: &Source, site: &Site, out: &str, extras: &NavExtras) -> Vec<NavItem> {
    let is_current = |i: usize| {
        let target = &site.entries[i].out;
        let dir = target.strip_suffix("index.html").unwrap_or(target);
        target == out || (!dir.is_empty() && out.starts_with(dir))
    };
    // Summaries are shown on the home page's cards only.
    let home = out == "index.html";
    let item = |i: usize, children: Vec<NavItem>| NavItem {
        title: site.page(source, i).title.clone(),
        url: site::relative_url(out, &site.entries[i].out),
        summary: if home {
            site.page(source, i).front.summary.clone()
        } else {
            None
        },
        current: is_current(i),
        this_page: site.entries[i].out == out,
        children,
        entry: Some(i),
    };
    // A section's pages are listed under it only where they are shown: on the home page
    // and in the section the page is in. Listing every page on every page would make
    // the site's size grow with the square of its pages.
    // A long menu is shortened away from the home page: with more than
    // FULL_MENU_MAX top-level entries, a page's menu holds only the entry it is in (the
    // home page lists them all). Two hundred links on every page help no reader, and
    // would make the site grow with the square of its sections.
    let full = home || site.top.len() <= FULL_MENU_MAX;
    let mut nav: Vec<NavItem> = site
        .top
        .iter()
        .filter(|i| full || is_current(**i))
        .map(|i| {
            let children = if home || is_current(*i) {
                site.entries[*i]
                    .children
                    .iter()
                    .map(|c| item(*c, Vec::new()))
                    .collect()
            } else {
                Vec::new()
            };
            item(*i, children)
        })
        .collect();
    let extra = |title: &str, target: &str, folder: &str| NavItem {
        title: title.to_string(),
        url: site::relative_url(out, target),
        summary: None,
        current: out.starts_with(folder),
        this_page: out == target,
        children: Vec::new(),
        entry: None,
    };
    if extras.checklist {
        nav.push(extra("Checklist", checklist::PAGE_OUT, "checklist/"));
    }
    if extras.submissions {
        nav.push(extra("Submissions", submissions::INDEX_OUT, "submissions/"));
    }
    if !source.tables.is_empty() {
        nav.push(NavItem {
            title: "Data tables".to_string(),
            url: site::relative_url(out, DATA_OUT),
            summary: None,
            current: out.starts_with("data/"),
            this_page: out == DATA_OUT,
            children: Vec::new(),
            entry: None,
        });
    }
    if site.has_glossary {
        nav.push(NavItem {
            title: "Glossary".to_string(),
            url: site::relative_url(out, GLOSSARY_OUT),
            summary: None,
            current: out == GLOSSARY_OUT,
            this_page: out == GLOSSARY_OUT,
            children: Vec::new(),
            entry: None,
        });
    }
    nav
}

/// The menu as template values: what serialising `nav` gives, made directly, so that
/// parts of it can be shared (see [`Menus`]).
pub fn value(nav: &[NavItem]) -> Value {
    Value::from(nav.iter().map(item_value).collect::<Vec<Value>>())
}

fn item_value(item: &NavItem) -> Value {
    item_with_children(item, value(&item.children))
}

/// The fields of [`NavItem`] (its `Serialize` is the contract; a test checks they agree).
fn item_with_children(item: &NavItem, children: Value) -> Value {
    let mut map: BTreeMap<&'static str, Value> = BTreeMap::new();
    map.insert("title", Value::from(item.title.as_str()));
    map.insert("url", Value::from(item.url.as_str()));
    map.insert("summary", Value::from(item.summary.as_deref()));
    map.insert("current", Value::from(item.current));
    map.insert("this_page", Value::from(item.this_page));
    map.insert("children", children);
    Value::from(map)
}

/// The menus of the site's pages, made once for each group of pages that see it alike.
pub struct Menus<'a> {
    source: &'a Source,
    site: &'a Site,
    extras: NavExtras,
    /// Each page's group, by entry.
    group_of: Vec<Option<usize>>,
    groups: Vec<Group>,
}

/// Pages in one folder, below a section, with no pages of their own: from each of them
/// every other entry's link and marks are the same.
struct Group {
    /// The top-level items, as the group's pages see them but for their own entry.
    top: Vec<Value>,
    /// The top-level item the group's pages are listed under, without its list.
    parent: (usize, NavItem),
    /// That item's list, as the group's pages see it but for their own entry.
    children: Vec<Value>,
    /// Where each of the group's pages is in that list, by entry.
    places: HashMap<usize, usize>,
}

impl<'a> Menus<'a> {
    pub fn new(source: &'a Source, site: &'a Site, extras: NavExtras) -> Self {
        let mut members: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        for (i, entry) in site.entries.iter().enumerate() {
            if let Some(parent) = entry.parent
                && entry.children.is_empty()
                && let Some(folder) = folder(&entry.out)
            {
                members.entry((parent, folder)).or_default().push(i);
            }
        }
        let mut group_of = vec![None; site.entries.len()];
        let mut groups = Vec::new();
        let mut keys: Vec<_> = members.into_iter().filter(|(_, m)| m.len() > 1).collect();
        keys.sort();
        for (_, pages) in keys {
            if let Some(group) = Group::new(source, site, extras, &pages) {
                for &page in &pages {
                    group_of[page] = Some(groups.len());
                }
                groups.push(group);
            }
        }
        Menus {
            source,
            site,
            extras,
            group_of,
            groups,
        }
    }

    /// The menu of the page `index` (an entry of the site).
    pub fn page(&self, index: usize) -> Value {
        let out = &self.site.entries[index].out;
        let Some(group) = self.group_of[index].and_then(|g| self.groups.get(g)) else {
            return value(&navigation(self.source, self.site, out, &self.extras));
        };
        let place = group.places.get(&index).copied();
        let mut children = group.children.clone();
        if let Some(slot) = place.and_then(|p| children.get_mut(p)) {
            *slot = item_value(&NavItem {
                url: site::relative_url(out, out),
                current: true,
                this_page: true,
                ..own_item(self.source, self.site, index)
            });
        }
        let (at, parent) = &group.parent;
        let mut top = group.top.clone();
        if let Some(slot) = top.get_mut(*at) {
            *slot = item_with_children(parent, Value::from(children));
        }
        Value::from(top)
    }
}

impl Group {
    /// The menu of the first page, with that page's entry as its siblings see it.
    fn new(source: &Source, site: &Site, extras: NavExtras, pages: &[usize]) -> Option<Group> {
        let (&first, &second) = (pages.first()?, pages.get(1)?);
        let out = &site.entries[first].out;
        let mut nav = navigation(source, site, out, &extras);
        let at = nav
            .iter()
            .position(|item| item.children.iter().any(|c| c.entry == Some(first)))?;
        let mut children = std::mem::take(&mut nav[at].children);
        let places: HashMap<usize, usize> = children
            .iter()
            .enumerate()
            .filter_map(|(place, c)| c.entry.map(|e| (e, place)))
            .collect();
        // The first page's entry, as a sibling sees it.
        let own = places.get(&first).and_then(|p| children.get_mut(*p))?;
        own.url = site::relative_url(&site.entries[second].out, out);
        own.current = false;
        own.this_page = false;
        let parent = nav[at].clone();
        Some(Group {
            top: nav.iter().map(item_value).collect(),
            parent: (at, parent),
            children: children.iter().map(item_value).collect(),
            places,
        })
    }
}

/// A page's own entry in the menu, as [`navigation`] makes it away from the home page.
fn own_item(source: &Source, site: &Site, index: usize) -> NavItem {
    NavItem {
        title: site.page(source, index).title.clone(),
        url: String::new(),
        summary: None,
        current: false,
        this_page: false,
        children: Vec::new(),
        entry: Some(index),
    }
}

/// The folder a page's folder is in (`s1/` for `s1/p1/index.html`), for pages below the
/// top level; `None` for the others.
fn folder(out: &str) -> Option<&str> {
    let dir = out.strip_suffix("/index.html")?;
    let (folder, _) = dir.rsplit_once('/')?;
    Some(&out[..=folder.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_pages() {
        assert_eq!(folder("s1/p1/index.html"), Some("s1/"));
        assert_eq!(folder("a/b/c/index.html"), Some("a/b/"));
        assert_eq!(folder("about/index.html"), None);
        assert_eq!(folder("index.html"), None);
    }

    #[test]
    fn values_are_what_serialising_gives() {
        let nav = vec![NavItem {
            title: "Pay & grades".into(),
            url: "../pay/index.html".into(),
            summary: Some("Who earns what".into()),
            current: true,
            this_page: false,
            children: vec![NavItem {
                title: "Bonus".into(),
                url: "index.html".into(),
                summary: None,
                current: true,
                this_page: true,
                children: Vec::new(),
                entry: Some(3),
            }],
            entry: Some(1),
        }];
        assert_eq!(value(&nav), Value::from_serializable(&nav));
    }
}
