//! Stable finding codes and their messages in Spanish and English.
//!
//! A message is a template filled with the finding's location (`{path}`) and detail (`{detail}`:
//! the missing field, the expected type, the format, the codelist…). Codes never change meaning
//! once published: tools and portals match on them.

use serde::{Deserialize, Serialize};

/// The language of the report's messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Spanish (the default: EDCA-MX data is entered by Mexican clerks).
    #[default]
    Es,
    /// English.
    En,
}

impl Lang {
    /// `es` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "es" => Ok(Lang::Es),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?} (expected es or en)")),
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $es:literal, $en:literal; )*) => {
        /// A stable identifier of one kind of finding.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $code)] $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written in reports, e.g. `schema.required`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// How serious a finding of this code is.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// The message template in `lang`, with `{path}` and `{detail}` placeholders.
            pub fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Code::$variant, Lang::Es) => $es, (Code::$variant, Lang::En) => $en,)*
                }
            }
        }
    };
}

codes! {
    /// The input is not JSON (syntax error, truncated, not UTF-8, too deep, empty).
    InvalidJson = "input.invalid_json", Error,
        "El archivo no es JSON válido; vea la línea y la columna indicadas.",
        "The file is not valid JSON; see the line and column given.";
    /// JSON that is not shaped like OCDS data (not a package, release or record).
    NotOcds = "input.not_ocds", Error,
        "{path}: este valor no es un paquete, una entrega ni un registro de OCDS (le falta `ocid`, `releases` o `records`, o no tienen la forma debida).",
        "{path}: this value is not an OCDS package, release or record (it lacks `ocid`, `releases` or `records`, or they are not shaped as they should be).";
    /// A package declares an extension that edca does not embed: it was not applied.
    UnknownExtension = "input.unknown_extension", Warning,
        "La extensión declarada {detail} no se conoce o no aplica a esta versión de OCDS: no se usó para validar (nunca se descarga).",
        "The declared extension {detail} is unknown or does not apply to this OCDS version: it was not used to validate (it is never downloaded).";
    /// A package too large to wait for its metadata was validated against the default profile.
    LateMetadata = "input.late_metadata", Warning,
        "El paquete es demasiado grande para esperar su `version` y `extensions` (escritos después de {detail}): se validó con el perfil por omisión.",
        "The package is too large to wait for its `version` and `extensions` (written after {detail}): it was validated against the default profile.";
    /// A package's `version` that is no string, or names no OCDS version ("1.0", "1.1"): the
    /// package was validated against OCDS 1.1 (the Data Review Tool's default) instead.
    PackageVersion = "input.package_version", Error,
        "{path}: la `version` del paquete, {detail}, no es una versión de OCDS conocida (\"1.0\" o \"1.1\"): el paquete se validó con OCDS 1.1 y sus extensiones (--ocds-version elige otra).",
        "{path}: the package's `version`, {detail}, is no known OCDS version (\"1.0\" or \"1.1\"): the package was validated against OCDS 1.1 and its extensions (--ocds-version chooses another).";
    /// A value of the wrong JSON type.
    SchemaType = "schema.type", Error,
        "{path}: el valor no es del tipo esperado ({detail}).",
        "{path}: the value is not of the expected type ({detail}).";
    /// A required field is missing.
    SchemaRequired = "schema.required", Error,
        "{path}: falta el campo obligatorio «{detail}».",
        "{path}: the required field '{detail}' is missing.";
    /// A value outside the values the schema allows.
    SchemaEnum = "schema.enum", Error,
        "{path}: el valor no está entre los permitidos ({detail}).",
        "{path}: the value is not one of those allowed ({detail}).";
    /// A string that does not follow its format (date-time, uri, email).
    SchemaFormat = "schema.format", Error,
        "{path}: el valor no tiene el formato {detail}.",
        "{path}: the value does not have the {detail} format.";
    /// A string shorter than allowed (usually an empty string).
    SchemaMinLength = "schema.minLength", Error,
        "{path}: el texto es más corto que el mínimo ({detail} caracteres).",
        "{path}: the text is shorter than the minimum ({detail} characters).";
    /// A string longer than allowed.
    SchemaMaxLength = "schema.maxLength", Error,
        "{path}: el texto es más largo que el máximo ({detail} caracteres).",
        "{path}: the text is longer than the maximum ({detail} characters).";
    /// An array with fewer items than allowed.
    SchemaMinItems = "schema.minItems", Error,
        "{path}: la lista tiene menos elementos que el mínimo ({detail}).",
        "{path}: the list has fewer items than the minimum ({detail}).";
    /// An array with more items than allowed.
    SchemaMaxItems = "schema.maxItems", Error,
        "{path}: la lista tiene más elementos que el máximo ({detail}).",
        "{path}: the list has more items than the maximum ({detail}).";
    /// An object with fewer members than allowed.
    SchemaMinProperties = "schema.minProperties", Error,
        "{path}: el objeto tiene menos campos que el mínimo ({detail}).",
        "{path}: the object has fewer fields than the minimum ({detail}).";
    /// Repeated items: objects with the same `id` (detail `id`; the repeated ids are the
    /// example's value), equal items (`=`), releases with the same `ocid, id` in a package.
    SchemaUniqueItems = "schema.uniqueItems", Error,
        "{path}: hay elementos repetidos ({detail}).",
        "{path}: there are repeated items ({detail}).";
    /// A value that matches none, or more than one, of the alternatives.
    SchemaOneOf = "schema.oneOf", Error,
        "{path}: el valor debe corresponder exactamente a una de las formas permitidas (corresponde a {detail}).",
        "{path}: the value must match exactly one of the allowed shapes (it matches {detail}).";
    /// A value that matches none of the alternatives.
    SchemaAnyOf = "schema.anyOf", Error,
        "{path}: el valor no corresponde a ninguna de las formas permitidas.",
        "{path}: the value matches none of the allowed shapes.";
    /// A string that does not match its pattern.
    SchemaPattern = "schema.pattern", Error,
        "{path}: el texto no sigue el patrón {detail}.",
        "{path}: the text does not match the pattern {detail}.";
    /// A number below the minimum.
    SchemaMinimum = "schema.minimum", Error,
        "{path}: el número es menor que el mínimo ({detail}).",
        "{path}: the number is below the minimum ({detail}).";
    /// A number above the maximum.
    SchemaMaximum = "schema.maximum", Error,
        "{path}: el número es mayor que el máximo ({detail}).",
        "{path}: the number is above the maximum ({detail}).";
    /// Fields that the schema forbids.
    SchemaAdditionalProperties = "schema.additionalProperties", Error,
        "{path}: el esquema no permite los campos {detail}.",
        "{path}: the schema does not allow the fields {detail}.";
    /// A field present without a field it depends on.
    SchemaDependencies = "schema.dependencies", Error,
        "{path}: falta un campo del que depende otro ({detail}).",
        "{path}: a field that another depends on is missing ({detail}).";
    /// Any other schema rule.
    SchemaOther = "schema.other", Error,
        "{path}: el valor no cumple la regla «{detail}» del esquema.",
        "{path}: the value breaks the schema rule '{detail}'.";
    /// A code outside a closed codelist.
    CodelistClosed = "codelist.closed", Error,
        "{path}: código fuera de la lista cerrada {detail}.",
        "{path}: code not in the closed codelist {detail}.";
    /// A code outside an open codelist: allowed, but worth a look.
    CodelistOpen = "codelist.open", Info,
        "{path}: código no estándar de la lista abierta {detail}.",
        "{path}: non-standard code of the open codelist {detail}.";
    /// A field the schema does not define.
    AdditionalField = "fields.additional", Info,
        "{path}: campo adicional que el esquema no define.",
        "{path}: additional field the schema does not define.";
    /// A field the standard deprecated.
    DeprecatedField = "fields.deprecated", Warning,
        "{path}: campo obsoleto desde OCDS {detail}.",
        "{path}: field deprecated since OCDS {detail}.";
    /// An object of an array that should have an `id` (to be merged) has none.
    MissingId = "fields.missing_id", Warning,
        "{path}: el objeto no tiene `id`, así que no se puede combinar entre entregas.",
        "{path}: the object has no `id`, so it cannot be merged across releases.";
    /// An empty string, object or array.
    EmptyValue = "quality.empty_value", Warning,
        "{path}: el valor está vacío; omita el campo si no tiene dato.",
        "{path}: the value is empty; leave the field out when there is no data.";
    /// Two releases of the same ocid with the same `id`.
    DuplicateReleaseId = "quality.duplicate_release_id", Warning,
        "{path}: otra entrega del mismo ocid ya usa el id {detail}.",
        "{path}: another release of the same ocid already uses the id {detail}.";
    /// An ocid without the `ocds-` + 6 characters prefix shape.
    OcidPrefix = "quality.ocid_prefix", Warning,
        "{path}: el ocid {detail} no empieza con un prefijo registrado (ocds- y 6 caracteres).",
        "{path}: the ocid {detail} does not start with a registered prefix (ocds- and 6 characters).";
    /// A reference to a party or award that is not in the release.
    UnresolvedReference = "quality.unresolved_reference", Warning,
        "{path}: el id {detail} no corresponde a ninguna entrada de la sección referida.",
        "{path}: the id {detail} matches no entry of the section it refers to.";
    /// A party referenced in a role its `roles` does not list.
    PartyRole = "quality.party_role", Warning,
        "{path}: la parte se cita como {detail} pero sus `roles` no lo incluyen.",
        "{path}: the party is referenced as {detail} but its `roles` do not include it.";
    /// A period whose start is after its end.
    PeriodOrder = "quality.period_order", Warning,
        "{path}: la fecha de inicio es posterior a la de fin.",
        "{path}: the start date is after the end date.";
    /// A contract signed before the date of its award.
    ContractBeforeAward = "quality.contract_before_award", Warning,
        "{path}: el contrato se firmó antes de la fecha de su adjudicación ({detail}).",
        "{path}: the contract was signed before the date of its award ({detail}).";
    /// An award dated before the tender period opens.
    AwardBeforeTender = "quality.award_before_tender", Warning,
        "{path}: la adjudicación es anterior al inicio del periodo de licitación ({detail}).",
        "{path}: the award is dated before the tender period starts ({detail}).";
    /// A negative amount.
    NegativeAmount = "quality.negative_amount", Warning,
        "{path}: el monto es negativo ({detail}).",
        "{path}: the amount is negative ({detail}).";
    /// Amounts of one process in more than one currency.
    MixedCurrencies = "quality.mixed_currencies", Warning,
        "{path}: los montos del proceso están en varias monedas ({detail}).",
        "{path}: the amounts of the process are in more than one currency ({detail}).";
    /// A past event dated after the release that reports it.
    DateAfterRelease = "quality.date_after_release", Warning,
        "{path}: la fecha es posterior a la fecha de la entrega ({detail}).",
        "{path}: the date is after the date of the release ({detail}).";
    /// `tender.numberOfTenderers` differs from the tenderers listed (as Pelican's
    /// consistent.number_of_tenderers).
    NumberOfTenderers = "quality.number_of_tenderers", Warning,
        "{path}: el número de licitantes no coincide con los licitantes listados ({detail}).",
        "{path}: the number of tenderers does not match the tenderers listed ({detail}).";
    /// A direct award with more than one tenderer (as Pelican's
    /// coherent.procurement_method_vs_number_of_tenderers).
    DirectWithSeveralTenderers = "quality.direct_several_tenderers", Warning,
        "{path}: la adjudicación directa tiene más de un licitante ({detail}).",
        "{path}: the direct procurement has more than one tenderer ({detail}).";
    /// An organization reference whose name differs from the party it points to (as Pelican's
    /// consistent.org_ref_name).
    OrganizationName = "quality.organization_name", Warning,
        "{path}: el nombre no coincide con el de la parte referida ({detail}).",
        "{path}: the name does not match the name of the party it refers to ({detail}).";
    /// The contracts of an award add up to less than half or more than one and a half times the
    /// award's value (as Pelican's consistent.contracts_value).
    ContractsValue = "quality.contracts_value", Warning,
        "{path}: los contratos de la adjudicación suman un monto muy distinto al adjudicado ({detail}).",
        "{path}: the contracts of the award add up to an amount far from the value awarded ({detail}).";
    /// Payments of a contract add up to more than its value (as Pelican's
    /// consistent.contracts_implementation_transactions_value).
    TransactionsValue = "quality.transactions_value", Warning,
        "{path}: los pagos del contrato suman más que su monto ({detail}).",
        "{path}: the payments of the contract add up to more than its value ({detail}).";
}

/// How serious a finding is: errors make the data invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data does not conform: it must be fixed before publishing.
    Error,
    /// Conformant, but likely wrong or unhelpful.
    Warning,
    /// Worth knowing (extra fields, non-standard codes of open codelists).
    Info,
}

/// The message of a finding in `lang`. A finding at the root (empty path) drops the
/// `{path}: ` prefix.
pub fn message(code: Code, lang: Lang, path: &str, detail: &str) -> String {
    let template = code.template(lang);
    let text = if path.is_empty() {
        let rest = template.strip_prefix("{path}: ").unwrap_or(template);
        let mut chars = rest.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    } else {
        template.replace("{path}", path)
    };
    text.replace("{detail}", detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_templates_complete() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{}", code.as_str());
            for lang in [Lang::Es, Lang::En] {
                assert!(!code.template(lang).is_empty());
            }
            assert_ne!(code.template(Lang::Es), code.template(Lang::En), "{}", code.as_str());
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            message(Code::SchemaRequired, Lang::En, "awards", "id"),
            "awards: the required field 'id' is missing."
        );
        assert_eq!(message(Code::SchemaRequired, Lang::Es, "", "ocid"), "Falta el campo obligatorio «ocid».");
    }
}
