//! Numbers in words and figures, en-GB style, the same way everywhere in a report:
//! counts with thousands separators (`3,512`), shares as percentages to the report's
//! precision (`18%`), changes as signed percentage points (`+2.1 percentage points`).

/// Formats a count: `3512` -> `3,512`.
pub fn count(value: u64) -> String {
    group_thousands(&value.to_string())
}

/// Formats any number with thousands separators and up to `decimals` decimal places,
/// dropping a trailing `.0` only when `decimals` is 0.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&group_thousands(whole));
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// Formats a percentage (0 to 100): `18.04` with 0 decimals -> `18%`.
pub fn percent(value: f64, decimals: usize) -> String {
    format!("{}%", number(value, decimals))
}

/// Formats a change in percentage points, always signed: `+2.1 percentage points`,
/// `-0.5 percentage points`, `no change` when it rounds to zero.
pub fn change_points(value: f64, decimals: usize) -> String {
    let rounded = number(value.abs(), decimals);
    if rounded.chars().all(|c| c == '0' || c == '.') {
        return "no change".to_string();
    }
    let sign = if value > 0.0 { '+' } else { '-' };
    let unit = if rounded == "1" {
        "percentage point"
    } else {
        "percentage points"
    };
    format!("{sign}{rounded} {unit}")
}

/// Formats a signed change in a plain value: `+120`, `-3.5`.
pub fn change_value(value: f64, decimals: usize) -> String {
    let rounded = number(value.abs(), decimals);
    if rounded.chars().all(|c| c == '0' || c == '.' || c == ',') {
        return "no change".to_string();
    }
    let sign = if value > 0.0 { '+' } else { '-' };
    format!("{sign}{rounded}")
}

/// Appends one CSV record with RFC 4180 quoting and CRLF line ends, the way every CSV
/// download of a report is written.
pub fn csv_record(out: &mut String, fields: &[impl AsRef<str>]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = field.as_ref();
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

fn group_thousands(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(3512), "3,512");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn numbers_and_percentages() {
        assert_eq!(number(1234.5, 1), "1,234.5");
        assert_eq!(number(-1234.0, 0), "-1,234");
        assert_eq!(number(-0.04, 1), "0.0");
        assert_eq!(percent(18.04, 0), "18%");
        assert_eq!(percent(12.345, 1), "12.3%");
        assert_eq!(percent(99.96, 1), "100.0%");
    }

    #[test]
    fn csv_records_quote_what_needs_it() {
        let mut out = String::new();
        csv_record(&mut out, &["a", "b,c", "say \"hi\""]);
        assert_eq!(out, "a,\"b,c\",\"say \"\"hi\"\"\"\r\n");
    }

    #[test]
    fn changes_are_signed_percentage_points() {
        assert_eq!(change_points(2.13, 1), "+2.1 percentage points");
        assert_eq!(change_points(-0.5, 1), "-0.5 percentage points");
        assert_eq!(change_points(1.0, 0), "+1 percentage point");
        assert_eq!(change_points(0.04, 1), "no change");
        assert_eq!(change_value(120.0, 0), "+120");
        assert_eq!(change_value(-3.5, 1), "-3.5");
    }
}
