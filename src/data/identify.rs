//! Data that identifies people (FORMAT.md section 6). Ladder publishes aggregate tables
//! only, so a column that names, numbers or locates a person refuses the whole table.
//!
//! A column name is first normalised: lower case, everything but letters and digits
//! removed (`E-mail` → `email`, `N.I. number` → `ninumber`, `Date of birth` →
//! `dateofbirth`). It identifies people when the normalised name
//!
//! - is one of the whole names in [`RULES`] (`name`, `surname`, `email`, `staffid`,
//!   `nino`, `dob`, `postcode`, `phone`, `address`, …), or
//! - starts with one of its prefixes (`email…`, `dateofbirth…`, `nationalinsurance…`), or
//! - ends with one of its suffixes (`…email`, `…surname`, `…staffnumber`, `…postcode`,
//!   `…phonenumber`, …): `employee_email`, `home postcode`, `line manager surname`.
//!
//! Names of groups are left alone: `grade`, `seb`, `count`, `name_of_group`, `group name`,
//! `network_name` and `school type` are all fine. Only a column called exactly `name`
//! (or `full name`, `employee name`, …) is refused as a name.

/// One kind of identifying column.
struct Rule {
    /// What the column holds, for the message: "looks like it holds {what}".
    what: &'static str,
    /// Whole normalised names.
    exact: &'static [&'static str],
    /// Normalised names starting with one of these.
    prefixes: &'static [&'static str],
    /// Normalised names ending with one of these.
    suffixes: &'static [&'static str],
}

/// The identifying columns Ladder refuses.
const RULES: &[Rule] = &[
    Rule {
        what: "people's names",
        exact: &[
            "name",
            "names",
            "firstname",
            "forename",
            "forenames",
            "givenname",
            "middlename",
            "surname",
            "lastname",
            "familyname",
            "fullname",
            "preferredname",
            "knownas",
            "employeename",
            "staffname",
            "personname",
            "applicantname",
            "candidatename",
            "username",
        ],
        prefixes: &["firstname", "surname", "fullname"],
        suffixes: &["firstname", "forename", "surname", "lastname", "fullname"],
    },
    Rule {
        what: "email addresses",
        exact: &["email", "emails", "mail", "emailaddress"],
        prefixes: &["email"],
        suffixes: &["email", "emailaddress"],
    },
    Rule {
        what: "employee or staff numbers",
        exact: &[
            "employeenumber",
            "employeeno",
            "employeeid",
            "employeeref",
            "employeereference",
            "staffnumber",
            "staffno",
            "staffid",
            "staffref",
            "payrollnumber",
            "payrollno",
            "payrollid",
            "personnelnumber",
            "personnelno",
            "personnumber",
            "personid",
            "applicantid",
            "applicantnumber",
            "candidateid",
            "candidatenumber",
            "userid",
        ],
        prefixes: &[],
        suffixes: &[
            "employeenumber",
            "employeeid",
            "staffnumber",
            "staffid",
            "payrollnumber",
            "personnelnumber",
        ],
    },
    Rule {
        what: "National Insurance numbers",
        exact: &["nino", "ninumber", "nationalinsurance"],
        prefixes: &["nationalinsurance"],
        suffixes: &["insurancenumber", "ninumber"],
    },
    Rule {
        what: "dates of birth",
        exact: &["dob", "dateofbirth", "birthdate", "birthday", "dateborn"],
        prefixes: &["dateofbirth"],
        suffixes: &["dateofbirth", "birthdate"],
    },
    Rule {
        what: "postcodes or addresses",
        exact: &[
            "postcode",
            "postcodes",
            "postalcode",
            "zip",
            "zipcode",
            "address",
            "homeaddress",
            "streetaddress",
        ],
        prefixes: &[],
        suffixes: &["postcode", "postalcode", "homeaddress"],
    },
    Rule {
        what: "phone numbers",
        exact: &[
            "phone",
            "phoneno",
            "phonenumber",
            "telephone",
            "telephoneno",
            "telephonenumber",
            "tel",
            "telno",
            "mobile",
            "mobileno",
            "mobilenumber",
            "mobilephone",
        ],
        prefixes: &[],
        suffixes: &["phonenumber", "mobilenumber", "telephone"],
    },
];

/// A column name reduced to lower-case letters and digits.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What a column with this name would hold if it identifies people ("email addresses"),
/// or `None` for an ordinary aggregate column.
pub(crate) fn identifying_column(name: &str) -> Option<&'static str> {
    let name = normalise(name);
    if name.is_empty() {
        return None;
    }
    RULES
        .iter()
        .find(|rule| {
            rule.exact.contains(&name.as_str())
                || rule.prefixes.iter().any(|p| name.starts_with(p))
                || rule.suffixes.iter().any(|s| name.ends_with(s))
        })
        .map(|rule| rule.what)
}

/// Does the text contain something shaped like an email address: a word with text before
/// an `@` and a dot with text on both sides after it?
pub(crate) fn looks_like_email(text: &str) -> bool {
    // Most cells have no `@` at all: one quick search settles them.
    if !text.contains('@') {
        return false;
    }
    text.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| "<>()[]{},;:\"'".contains(c));
        let Some((local, domain)) = word.split_once('@') else {
            return false;
        };
        !local.is_empty()
            && domain
                .split_once('.')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifying_columns_are_recognised() {
        for name in [
            "name",
            "Name",
            "First name",
            "surname",
            "Full_Name",
            "employee name",
            "E-mail",
            "email_address",
            "employee_email",
            "Work email",
            "Employee number",
            "staff_id",
            "Staff No",
            "payroll number",
            "National Insurance number",
            "NI number",
            "N.I. Number",
            "NINO",
            "Date of birth",
            "DOB",
            "birth_date",
            "Postcode",
            "post code",
            "home postcode",
            "ZIP",
            "phone",
            "Telephone",
            "mobile number",
            "line manager surname",
        ] {
            assert!(
                identifying_column(name).is_some(),
                "{name} should be refused"
            );
        }
    }

    #[test]
    fn aggregate_columns_are_allowed() {
        for name in [
            "grade",
            "seb",
            "count",
            "year",
            "name_of_group",
            "group name",
            "network_name",
            "school type",
            "profession",
            "location",
            "region",
            "share",
            "mean_pay",
            "staff",
            "employees",
            "response",
            "",
            "id",
        ] {
            assert_eq!(identifying_column(name), None, "{name} should be allowed");
        }
    }

    #[test]
    fn the_message_says_what_the_column_holds() {
        assert_eq!(identifying_column("E-mail"), Some("email addresses"));
        assert_eq!(identifying_column("dob"), Some("dates of birth"));
    }

    #[test]
    fn email_addresses_in_cells() {
        assert!(looks_like_email("jo.bloggs@example.gov.uk"));
        assert!(looks_like_email("contact <jo@example.org>"));
        assert!(!looks_like_email("HR@team"));
        assert!(!looks_like_email("@example.com"));
        assert!(!looks_like_email("Senior Civil Service"));
        assert!(!looks_like_email("a @ b.c"));
    }
}
