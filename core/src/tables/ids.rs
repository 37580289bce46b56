//! Mexican identifiers: RFC (Registro Federal de Contribuyentes, scheme `MX-RFC`) and CURP
//! (Clave Única de Registro de Población, scheme `MX-CURP`): length, pattern, date and check
//! digit, as SAT and RENAPO define them.
//!
//! - RFC: 12 characters for a legal person (3 letters), 13 for a natural person (4 letters);
//!   then the date `YYMMDD`, two homoclave characters and the check digit. The check digit is
//!   the sum of each of the first 12 characters (a legal person's RFC gets a leading space)
//!   valued in `0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ` times 13, 12, … 2, modulo 11:
//!   0 → `0`, otherwise 11 minus it (10 → `A`). The generic RFCs `XAXX010101000` and
//!   `XEXX010101000` are accepted as they are.
//! - CURP: 18 characters: 4 letters, the birth date `YYMMDD`, sex (`H`, `M` or `X`), a state
//!   code, 3 consonants, a character that tells the century and the check digit: 10 minus the
//!   sum of the first 17 characters valued in `0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ` times
//!   18, 17, … 2, modulo 10 (10 → 0).

/// Which identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// RFC.
    Rfc,
    /// CURP.
    Curp,
}

impl Kind {
    /// The identifier kind of an `identifier.scheme` (`MX-RFC`, `MX-CURP`, any case).
    pub fn of_scheme(scheme: &str) -> Option<Kind> {
        match scheme.trim().to_ascii_uppercase().as_str() {
            "MX-RFC" => Some(Kind::Rfc),
            "MX-CURP" => Some(Kind::Curp),
            _ => None,
        }
    }

    /// `RFC` or `CURP`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rfc => "RFC",
            Kind::Curp => "CURP",
        }
    }
}

/// What is wrong with an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not 12 or 13 (RFC) or 18 (CURP) characters.
    Length,
    /// A character or part out of place (letters, date, sex, state).
    Pattern,
    /// The last character is not the check digit of the others.
    CheckDigit,
}

impl Problem {
    /// The stable code of the issue.
    pub fn code(self, kind: Kind) -> &'static str {
        match (kind, self) {
            (Kind::Rfc, Problem::Length) => "tables.rfc_length",
            (Kind::Rfc, Problem::Pattern) => "tables.rfc_pattern",
            (Kind::Rfc, Problem::CheckDigit) => "tables.rfc_check_digit",
            (Kind::Curp, Problem::Length) => "tables.curp_length",
            (Kind::Curp, Problem::Pattern) => "tables.curp_pattern",
            (Kind::Curp, Problem::CheckDigit) => "tables.curp_check_digit",
        }
    }

    /// The message (Spanish, English).
    pub fn message(self, kind: Kind) -> (String, String) {
        let name = kind.name();
        match (kind, self) {
            (Kind::Rfc, Problem::Length) => (
                format!("el {name} debe tener 12 caracteres (persona moral) o 13 (persona física)"),
                format!("an {name} has 12 characters (legal person) or 13 (natural person)"),
            ),
            (Kind::Curp, Problem::Length) => {
                (format!("la {name} debe tener 18 caracteres"), format!("a {name} has 18 characters"))
            }
            (_, Problem::Pattern) => (
                format!("no tiene la forma de una clave {name} (letras, fecha AAMMDD, homoclave)"),
                format!("not shaped as an {name} (letters, date YYMMDD, then the rest)"),
            ),
            (_, Problem::CheckDigit) => (
                format!("el dígito verificador no corresponde a la clave {name}"),
                format!("the check digit does not match the rest of the {name}"),
            ),
        }
    }
}

const RFC_VALUES: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ";
const CURP_VALUES: &str = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";
const STATES: [&str; 33] = [
    "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN", "MS", "NT", "NL",
    "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE",
];

fn value_in(table: &str, c: char) -> Option<u32> {
    table.chars().position(|t| t == c).map(|p| p as u32)
}

fn valid_date(digits: &[char]) -> bool {
    let n = |i: usize| digits[i].to_digit(10).unwrap_or(99);
    let (month, day) = (n(2) * 10 + n(3), n(4) * 10 + n(5));
    digits.iter().all(char::is_ascii_digit) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Checks an RFC (already upper-cased and trimmed).
pub fn check_rfc(rfc: &str) -> Result<(), Problem> {
    if rfc == "XAXX010101000" || rfc == "XEXX010101000" {
        return Ok(());
    }
    let chars: Vec<char> = rfc.chars().collect();
    if chars.len() != 12 && chars.len() != 13 {
        return Err(Problem::Length);
    }
    let letters = chars.len() - 9;
    let letter = |c: &char| c.is_ascii_uppercase() || *c == 'Ñ' || *c == '&';
    let alnum = |c: &char| c.is_ascii_uppercase() || c.is_ascii_digit();
    let last = chars[chars.len() - 1];
    if !chars[..letters].iter().all(letter)
        || !valid_date(&chars[letters..letters + 6])
        || !chars[letters + 6..letters + 8].iter().all(alnum)
        || !(last.is_ascii_digit() || last == 'A')
    {
        return Err(Problem::Pattern);
    }
    let mut base: Vec<char> = chars[..chars.len() - 1].to_vec();
    if base.len() == 11 {
        base.insert(0, ' ');
    }
    let mut sum = 0;
    for (i, c) in base.iter().enumerate() {
        sum += value_in(RFC_VALUES, *c).ok_or(Problem::Pattern)? * (13 - i as u32);
    }
    let expected = match sum % 11 {
        0 => '0',
        r if 11 - r == 10 => 'A',
        r => char::from_digit(11 - r, 10).unwrap_or('?'),
    };
    if expected == last { Ok(()) } else { Err(Problem::CheckDigit) }
}

/// Checks a CURP (already upper-cased and trimmed).
pub fn check_curp(curp: &str) -> Result<(), Problem> {
    let chars: Vec<char> = curp.chars().collect();
    if chars.len() != 18 {
        return Err(Problem::Length);
    }
    let upper = |c: &char| c.is_ascii_uppercase();
    let consonant = |c: &char| c.is_ascii_uppercase() && !"AEIOU".contains(*c);
    let state: String = chars[11..13].iter().collect();
    if !upper(&chars[0])
        || !"AEIOUX".contains(chars[1])
        || !chars[2..4].iter().all(upper)
        || !valid_date(&chars[4..10])
        || !"HMX".contains(chars[10])
        || !STATES.contains(&state.as_str())
        || !chars[13..16].iter().all(consonant)
        || !(chars[16].is_ascii_uppercase() || chars[16].is_ascii_digit())
        || !chars[17].is_ascii_digit()
    {
        return Err(Problem::Pattern);
    }
    let mut sum = 0;
    for (i, c) in chars[..17].iter().enumerate() {
        sum += value_in(CURP_VALUES, *c).ok_or(Problem::Pattern)? * (18 - i as u32);
    }
    let digit = (10 - sum % 10) % 10;
    if chars[17].to_digit(10) == Some(digit) { Ok(()) } else { Err(Problem::CheckDigit) }
}

/// Checks an identifier of `kind`.
pub fn check(kind: Kind, id: &str) -> Result<(), Problem> {
    match kind {
        Kind::Rfc => check_rfc(id),
        Kind::Curp => check_curp(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Published RFCs of federal bodies (SAT, IMSS, CFE, Pemex) decide; each with its last
    // character changed must fail.
    #[test]
    fn rfc_check_digits_of_known_rfcs() {
        for rfc in ["SAT970701NN3", "IMS421231I45", "CFE370814QI0", "PME380607P35", "GODE561231GR8"] {
            assert_eq!(check_rfc(rfc), Ok(()), "{rfc}");
            let mut bad = rfc[..rfc.len() - 1].to_owned();
            bad.push(if rfc.ends_with('1') { '2' } else { '1' });
            assert_eq!(check_rfc(&bad), Err(Problem::CheckDigit), "{bad}");
        }
        assert_eq!(check_rfc("XAXX010101000"), Ok(()));
        assert_eq!(check_rfc("SAT970701NN"), Err(Problem::Length));
        assert_eq!(check_rfc("SAT971301NN3"), Err(Problem::Pattern));
        assert_eq!(check_rfc("S4T970701NN3"), Err(Problem::Pattern));
    }

    #[test]
    fn curp_check_digit() {
        assert_eq!(check_curp("HEGG560427MVZRRL04"), Ok(()));
        assert_eq!(check_curp("HEGG560427MVZRRL05"), Err(Problem::CheckDigit));
        assert_eq!(check_curp("HEGG560427MXXRRL04"), Err(Problem::Pattern));
        assert_eq!(check_curp("HEGG560427MVZRRL0"), Err(Problem::Length));
        assert_eq!(Kind::of_scheme(" mx-rfc "), Some(Kind::Rfc));
    }
}
