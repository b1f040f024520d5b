//! Tests of [`load`]: whole `data/` folders written to a temporary source.

use super::*;
use crate::diagnostic::Severity;

/// A source folder with the given files (paths relative to the source root).
fn source(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

/// Loads the source; the tables and the diagnostics, sorted.
fn load_all(dir: &tempfile::TempDir) -> (BTreeMap<String, Table>, Vec<Diagnostic>) {
    let mut diagnostics = Diagnostics::new();
    let tables = load(dir.path(), &mut diagnostics);
    (tables, diagnostics.sorted())
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.is_error()).collect()
}

/// A source with the two workbooks of tests/fixtures/data (see make_xlsx.py there).
fn workbook_source(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data");
    for name in names {
        std::fs::copy(fixtures.join(name), dir.path().join("data").join(name)).unwrap();
    }
    dir
}

#[test]
fn no_data_folder_means_no_tables() {
    let dir = source(&[("report.yaml", b"title: x\n")]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(tables.is_empty());
    assert!(diagnostics.is_empty());
}

#[test]
fn csv_with_bom_and_crlf() {
    let dir = source(&[(
        "data/workforce.csv",
        b"\xef\xbb\xbfyear,grade,seb,count\r\n2024,SCS,lower,12\r\n2025,SCS,lower,\"1,234\"\r\n2025,EO,professional,[c]\r\n",
    )]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let table = &tables["workforce"];
    assert_eq!(table.name, "workforce");
    assert_eq!(table.file, Path::new("data/workforce.csv"));
    assert_eq!(table.column_names(), ["year", "grade", "seb", "count"]);
    let kinds: Vec<ColumnKind> = table.columns.iter().map(|c| c.kind).collect();
    use ColumnKind::*;
    assert_eq!(kinds, [Measure, Dimension, Dimension, Measure]);
    assert_eq!(table.rows[0][0], Cell::Number(2024.0));
    assert_eq!(table.cell_text(0, 0), "2024");
    assert_eq!(table.rows[1][3], Cell::Number(1234.0));
    assert_eq!(table.cell_text(1, 3), "1,234");
    assert_eq!(table.rows[2][3], Cell::Shorthand(Shorthand::Confidential));
    assert_eq!(table.rows[0][1], Cell::Text);
    assert_eq!(table.cell_text(0, 1), "SCS");
    assert_eq!(table.row_lines, [2, 3, 4]);
    assert_eq!(table.count_column(), Some(3));
    assert_eq!(table.column("Grade"), Some(1));
    assert_eq!(table.cell_text(9, 9), "");
    assert_eq!(
        table.shorthands_used().into_iter().collect::<Vec<_>>(),
        [Shorthand::Confidential]
    );
}

#[test]
fn quoted_fields_and_row_lines_after_multi_line_cells() {
    let dir = source(&[(
        "data/notes.csv",
        b"group,comment,count\n\"Clerical, intermediate\",\"line one\nline two\",12\nlower,plain,-3\n",
    )]);
    let (tables, diagnostics) = load_all(&dir);
    let table = &tables["notes"];
    assert_eq!(table.cell_text(0, 0), "Clerical, intermediate");
    assert_eq!(table.cell_text(0, 1), "line one\nline two");
    assert_eq!(table.row_lines, [2, 4]);
    // The negative count is on line 4, after the two-line cell.
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, Some(4));
    assert!(errors[0].message.contains("`-3`"));
    assert!(errors[0].message.contains("column `count`"));
    assert!(errors[0].message.contains("negative"));
}

#[test]
fn ragged_rows_name_the_line_and_the_numbers() {
    let dir = source(&[(
        "data/t.csv",
        b"grade,seb,count\nSCS,lower,12\nEO,3\nG7,lower,4,5\n",
    )]);
    let (tables, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].file, Path::new("data/t.csv"));
    assert_eq!(errors[0].line, Some(3));
    assert_eq!(
        errors[0].message,
        "this row has 2 values, but the header names 3 columns"
    );
    assert!(errors[0].hint.as_deref().unwrap().contains("double quotes"));
    assert_eq!(errors[1].line, Some(4));
    assert!(errors[1].message.contains("4 values"));
    assert_eq!(tables["t"].rows.len(), 1);
}

#[test]
fn duplicate_and_empty_header_names() {
    let dir = source(&[
        ("data/dup.csv", b"grade,count,Count\nSCS,1,2\n"),
        ("data/unnamed.csv", b"grade,,count\nSCS,x,2\n"),
        // An unnamed column without values (spreadsheet padding) is dropped quietly.
        ("data/padded.csv", b"grade,count,\nSCS,12,\n"),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].file, Path::new("data/dup.csv"));
    assert_eq!(errors[0].line, Some(1));
    assert!(
        errors[0].message.contains("`Count` appears twice"),
        "{}",
        errors[0].message
    );
    assert!(errors[0].message.contains("columns 2 and 3"));
    assert_eq!(errors[1].file, Path::new("data/unnamed.csv"));
    assert!(errors[1].message.contains("column 2 has no name"));
    assert!(!tables.contains_key("dup"));
    assert!(!tables.contains_key("unnamed"));
    assert_eq!(tables["padded"].column_names(), ["grade", "count"]);
}

#[test]
fn empty_tables_are_errors() {
    let dir = source(&[
        ("data/empty.csv", b""),
        ("data/header.csv", b"grade,count\n"),
        ("data/blank.csv", b"grade,count\n,\n\n"),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(tables.is_empty());
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].message.contains("no rows of data"), "{errors:?}");
    assert_eq!(errors[1].file, Path::new("data/empty.csv"));
    assert!(errors[1].message.contains("empty"));
    assert_eq!(errors[2].file, Path::new("data/header.csv"));
    assert_eq!(errors[2].line, Some(1));
    assert!(errors[2].message.contains("no rows of data"));
}

#[test]
fn bad_counts_name_the_row_and_the_column() {
    let dir = source(&[(
        "data/t.csv",
        b"grade,count\nSCS,abc\nEO,-3\nG7,2.5\nHEO,[c]\nAA,\nSEO,12\n",
    )]);
    let (tables, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    let found: Vec<(Option<usize>, &str)> = errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(2), "the count `abc` in column `count` is not a number"),
            (Some(3), "the count `-3` in column `count` is negative"),
            (
                Some(4),
                "the count `2.5` in column `count` is not a whole number"
            ),
        ]
    );
    assert!(errors[0].hint.as_deref().unwrap().contains("[c]"));
    // Still returned, so charts using it are checked too.
    assert!(tables.contains_key("t"));
}

#[test]
fn many_bad_counts_are_summarised() {
    let mut csv = String::from("grade,count\n");
    for i in 0..8 {
        csv.push_str(&format!("g{i},x\n"));
    }
    let dir = source(&[("data/t.csv", csv.as_bytes())]);
    let (_, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert_eq!(errors[0].line, None);
    assert!(
        errors[0].message.starts_with("3 more rows"),
        "{}",
        errors[0].message
    );
}

#[test]
fn identifying_columns_are_refused() {
    let dir = source(&[
        (
            "data/people.csv",
            b"grade,Employee number,count\nSCS,123,1\n",
        ),
        ("data/contacts.yaml", b"- grade: SCS\n  E-mail: a@b.co\n"),
        (
            "data/fine.csv",
            b"grade,name_of_group,seb,count\nSCS,network,lower,12\n",
        ),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].file, Path::new("data/contacts.yaml"));
    assert_eq!(errors[0].line, Some(2));
    assert!(errors[0].message.contains("`E-mail`"));
    assert!(errors[0].message.contains("email addresses"));
    assert_eq!(errors[1].file, Path::new("data/people.csv"));
    assert_eq!(errors[1].line, Some(1));
    assert!(errors[1].message.contains("`Employee number`"));
    assert!(errors[1].message.contains("aggregate tables only"));
    assert!(
        errors[1]
            .hint
            .as_deref()
            .unwrap()
            .contains("one count per group")
    );
    assert_eq!(tables.keys().collect::<Vec<_>>(), ["fine"]);
}

#[test]
fn email_addresses_in_cells_are_refused() {
    let dir = source(&[(
        "data/t.csv",
        b"grade,contact,count\nSCS,HR team,12\nEO,jo.bloggs@example.gov.uk,3\n",
    )]);
    let (tables, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, Some(3));
    assert!(errors[0].message.contains("column `contact`"));
    assert!(errors[0].message.contains("email address"));
    assert!(tables.is_empty());
}

#[test]
fn yaml_records() {
    let dir = source(&[(
        "data/survey.yaml",
        b"- {grade: SCS, seb: lower, count: 12}\n- {grade: EO, count: 30, year: 2025}\n- grade: G7\n  seb: lower\n  count: \"[c]\"\n",
    )]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let table = &tables["survey"];
    assert_eq!(table.file, Path::new("data/survey.yaml"));
    assert_eq!(table.column_names(), ["grade", "seb", "count", "year"]);
    assert_eq!(table.rows[1][1], Cell::Empty);
    assert_eq!(table.rows[1][2], Cell::Number(30.0));
    assert_eq!(table.rows[2][2], Cell::Shorthand(Shorthand::Confidential));
    assert_eq!(table.columns[3].kind, ColumnKind::Measure);
    assert_eq!(table.row_lines, [1, 2, 3]);
}

#[test]
fn yaml_count_errors_point_at_the_record() {
    let dir = source(&[(
        "data/t.yml",
        b"- {grade: SCS, count: 12}\n- grade: EO\n  count: -3\n",
    )]);
    let (_, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, Path::new("data/t.yml"));
    assert_eq!(errors[0].line, Some(2));
    assert!(errors[0].message.contains("negative"));
}

#[test]
fn meta_sidecars_describe_tables() {
    let dir = source(&[
        ("data/pay.csv", b"grade,seb,people,mean_pay\nSCS,lower,12,\"80,000\"\n"),
        (
            "data/pay.meta.yaml",
            b"title: Pay by background\nsource: HR system, March 2025\nnotes: Mean basic pay.\ncount: people\ncolumns:\n  seb: Socio-economic background\n  mean_pay: Mean pay\n",
        ),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let table = &tables["pay"];
    assert_eq!(table.meta.title.as_deref(), Some("Pay by background"));
    assert_eq!(table.meta.source.as_deref(), Some("HR system, March 2025"));
    assert_eq!(table.meta.count, "people");
    assert_eq!(table.count_column(), Some(2));
    assert_eq!(table.label(1), "Socio-economic background");
    assert_eq!(table.label(0), "grade");
    assert_eq!(table.columns[3].label.as_deref(), Some("Mean pay"));
    assert_eq!(table.number(0, 3), Some(80_000.0));
}

#[test]
fn meta_problems() {
    let dir = source(&[
        ("data/pay.csv", b"grade,count\nSCS,12\n"),
        (
            "data/pay.meta.yaml",
            b"titel: Pay\ncount: peple\ncolumns:\n  grdae: Grade\n",
        ),
        ("data/nothing.meta.yaml", b"title: Orphan\n"),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    let found: Vec<(&Path, Option<usize>)> =
        errors.iter().map(|e| (e.file.as_path(), e.line)).collect();
    assert_eq!(
        found,
        [
            (Path::new("data/nothing.meta.yaml"), None),
            (Path::new("data/pay.meta.yaml"), Some(1)),
            (Path::new("data/pay.meta.yaml"), Some(2)),
            (Path::new("data/pay.meta.yaml"), Some(4)),
        ],
        "{errors:?}"
    );
    assert!(errors[0].message.contains("no table `nothing`"));
    assert!(errors[1].message.contains("unknown key `titel`"));
    assert_eq!(errors[1].hint.as_deref(), Some("did you mean `title`?"));
    assert!(errors[2].message.contains("`count: peple`"));
    assert_eq!(
        errors[2].hint.as_deref(),
        Some("the known columns are `count`, `grade`")
    );
    assert!(errors[3].message.contains("`grdae`"));
    assert_eq!(errors[3].hint.as_deref(), Some("did you mean `grade`?"));
    // The rest of the description still applies.
    assert!(tables.contains_key("pay"));
}

#[test]
fn two_files_for_one_table() {
    let dir = source(&[
        ("data/workforce.csv", b"grade,count\nSCS,12\n"),
        ("data/Workforce.yaml", b"- {grade: SCS, count: 12}\n"),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("two files give the table"));
    assert!(errors[0].message.contains("data/Workforce.yaml"));
    assert!(errors[0].message.contains("data/workforce.csv"));
    assert_eq!(tables.len(), 1);
}

#[test]
fn ignored_and_unknown_files() {
    let dir = source(&[
        ("data/_draft.csv", b"name\nA. Person\n"),
        ("data/.hidden.csv", b"name\nA. Person\n"),
        ("data/~$workforce.xlsx", b"lock"),
        ("data/readme.txt", b"notes"),
        ("data/old/x.csv", b"grade,count\nSCS,1\n"),
        ("data/ok.csv", b"grade,count\nSCS,12\n"),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    assert_eq!(tables.keys().collect::<Vec<_>>(), ["ok"]);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(diagnostics[0].file, Path::new("data/old"));
    assert_eq!(diagnostics[1].file, Path::new("data/readme.txt"));
    assert!(diagnostics[1].hint.as_deref().unwrap().contains(".xlsx"));
}

#[test]
fn non_utf8_csv_is_an_error_with_a_place() {
    let dir = source(&[("data/t.csv", b"grade,count\nCaf\xe9,12\n")]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(tables.is_empty());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].line, Some(2));
    assert!(diagnostics[0].message.contains("UTF-8"));
}

#[test]
fn workbook_sheets_are_tables() {
    let dir = workbook_source(&["workforce.xlsx"]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        tables.keys().collect::<Vec<_>>(),
        ["workforce/Grades", "workforce/Years"]
    );
    let grades = &tables["workforce/Grades"];
    assert_eq!(grades.file, Path::new("data/workforce.xlsx"));
    assert_eq!(grades.sheet.as_deref(), Some("Grades"));
    assert_eq!(grades.column_names(), ["grade", "seb", "count"]);
    assert_eq!(grades.columns[2].kind, ColumnKind::Measure);
    assert_eq!(grades.rows[0][2], Cell::Number(120.0));
    assert_eq!(grades.rows[1][2], Cell::Shorthand(Shorthand::Confidential));
    assert_eq!(grades.cell_text(2, 2), "45");
    assert_eq!(grades.row_lines, [2, 3, 4, 5]);

    let years = &tables["workforce/Years"];
    assert_eq!(years.column_names(), ["year", "lower share"]);
    assert_eq!(years.header_line, 3);
    assert_eq!(years.row_lines, [4, 5]);
    assert_eq!(years.columns[0].source_column, 1);
    assert_eq!(years.cell_text(1, 0), "2024");
    assert_eq!(years.number(0, 1), Some(18.5));
    let error = years.error(Some(1), Some(1), "example");
    assert_eq!(error.message, "sheet `Years`, cell C5: example");
    assert_eq!(error.line, None);
}

#[test]
fn workbook_errors_name_the_sheet_and_cell() {
    let dir = workbook_source(&["bad.xlsx"]);
    let (tables, diagnostics) = load_all(&dir);
    let messages: Vec<&str> = errors(&diagnostics)
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        diagnostics
            .iter()
            .all(|d| d.file == Path::new("data/bad.xlsx"))
    );
    assert!(diagnostics.iter().all(|d| d.line.is_none()));
    assert!(
        messages.contains(
            &"sheet `Counts`, cell C3: the count `abc` in column `count` is not a number"
        ),
        "{messages:?}"
    );
    assert!(
        messages.contains(
            &"sheet `Counts`, cell C4: the cell holds the Excel error `#DIV/0!`, not a value"
        ),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("sheet `People`, cell B1: the column `Full name`")),
        "{messages:?}"
    );
    assert_eq!(tables.keys().collect::<Vec<_>>(), ["bad/Counts"]);
}

#[test]
fn damaged_workbooks_are_errors() {
    let dir = source(&[("data/broken.xlsx", b"not a zip file")]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(tables.is_empty());
    assert_eq!(diagnostics.len(), 1);
    assert!(
        diagnostics[0]
            .message
            .starts_with("could not read the workbook")
    );
}

#[test]
fn tables_from_rows_for_other_modules() {
    let table = Table::from_rows(
        "t",
        &["year", "grade", "count"],
        [["2025", "SCS", "12"], ["2025", "EO", "[c]"]],
    );
    assert_eq!(table.columns[0].kind, ColumnKind::Measure);
    assert_eq!(table.cell_text(0, 0), "2025");
    assert_eq!(table.count_column(), Some(2));
    assert_eq!(table.first_non_number(1), Some(0));
    assert_eq!(table.first_non_number(2), None);
    let error = table.error(Some(1), Some(2), "example");
    assert_eq!(
        (error.file.as_path(), error.line),
        (Path::new("data/t.csv"), Some(3))
    );
}

#[test]
fn column_letters_like_a_spreadsheet() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(27), "AB");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(702), "AAA");
}

#[test]
fn yaml_and_meta_edge_cases() {
    let dir = source(&[
        ("data/a.yaml", b"- {grade: SCS, grade: EO, count: 1}\n"),
        ("data/b.csv", b"grade,count\nSCS,1\n"),
        ("data/b.meta.yaml", b"# nothing yet\n"),
        ("data/c.csv", b"grade,count\nSCS,1\n"),
        ("data/c.meta.yaml", b"- title\n"),
        ("data/d.csv", b"grade,count\nSCS,1\n"),
        ("data/d.meta.yaml", b"title: 2025\ncolumns: {grade: 7}\n"),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    let errors = errors(&diagnostics);
    assert_eq!(errors.len(), 2, "{errors:?}");
    // A key given twice in a record.
    assert_eq!(errors[0].file, Path::new("data/a.yaml"));
    assert!(errors[0].message.contains("twice"), "{}", errors[0].message);
    // A description that is a list.
    assert_eq!(errors[1].file, Path::new("data/c.meta.yaml"));
    assert!(errors[1].message.contains("block of `key: value` lines"));
    assert_eq!(tables.keys().collect::<Vec<_>>(), ["b", "c", "d"]);
    assert_eq!(tables["b"].meta, Meta::default());
    assert_eq!(tables["d"].meta.title.as_deref(), Some("2025"));
    assert_eq!(tables["d"].label(0), "7");
}

#[test]
fn file_names_in_any_case() {
    let dir = source(&[
        ("data/Staff İstanbul.CSV", b"grade,count\nSCS,12\n"),
        ("data/Staff İstanbul.Meta.YAML", b"title: Staff\n"),
    ]);
    let (tables, diagnostics) = load_all(&dir);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        tables["Staff İstanbul"].meta.title.as_deref(),
        Some("Staff")
    );
}

#[test]
fn ragged_rows_given_to_from_rows_are_padded() {
    let table = Table::from_rows("t", &["grade", "count"], [vec!["SCS"], vec!["EO", "3"]]);
    assert_eq!(table.rows[0], [Cell::Text, Cell::Empty]);
    assert_eq!(table.cell_text(0, 0), "SCS");
    assert_eq!(table.number(1, 1), Some(3.0));
}
