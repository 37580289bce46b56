//! Texts in Spanish and English: labels, and the definition of every indicator the pages show
//! (the methodology page; the full formulas are in `docs/indices.md`).

/// A text in both languages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct T {
    pub es: &'static str,
    pub en: &'static str,
}

/// Shorthand for a [`T`].
pub(crate) const fn t(es: &'static str, en: &'static str) -> T {
    T { es, en }
}

/// An indicator of the catalogue: its id (the anchor on the methodology page), name and a short
/// definition, and the fields it needs (for "what the data allows").
#[derive(Debug, Clone, Copy)]
pub(crate) struct Indicator {
    pub id: &'static str,
    pub family: &'static str,
    pub name: T,
    pub definition: T,
    pub fields: &'static [&'static str],
}

const fn ind(
    id: &'static str,
    family: &'static str,
    name: T,
    definition: T,
    fields: &'static [&'static str],
) -> Indicator {
    Indicator { id, family, name, definition, fields }
}

/// Headline measures that are not indicators of the catalogue.
pub(crate) const PROCESSES: Indicator = ind(
    "processes",
    "meta",
    t("Procesos de contratación", "Contracting processes"),
    t(
        "Procesos (ocid) publicados con al menos una entrega que pudo compilarse.",
        "Processes (ocid) published with at least one release that could be compiled.",
    ),
    &["/ocid"],
);

/// The awarded amount (the denominator of COMP-02).
pub(crate) const AMOUNT: Indicator = ind(
    "amount",
    "competition",
    t("Monto adjudicado", "Amount awarded"),
    t(
        "Suma de los montos de las adjudicaciones activas (o de los contratos, si las adjudicaciones no tienen monto) en la moneda principal, de los procesos con método conocido.",
        "Sum of the values of active awards (or of contracts when awards have none) in the main currency, over processes with a known method.",
    ),
    &["/awards[]/value/amount", "/contracts[]/value/amount"],
);

/// Every indicator of the catalogue the pages can show.
pub(crate) const CATALOGUE: &[Indicator] = &[
    ind(
        "COMP-01",
        "competition",
        t("Adjudicación directa (número)", "Direct-award share (count)"),
        t(
            "Procesos con método «direct» ÷ procesos con método conocido (procurementMethod, o el detalle mexicano).",
            "Processes with method “direct” ÷ processes with a known method (procurementMethod, or the Mexican details).",
        ),
        &["/tender/procurementMethod", "/tender/procurementMethodDetails"],
    ),
    ind(
        "COMP-02",
        "competition",
        t("Adjudicación directa (monto)", "Direct-award share (value)"),
        t(
            "Monto adjudicado de los procesos directos ÷ monto adjudicado de los procesos con método conocido.",
            "Awarded value of direct processes ÷ awarded value of processes with a known method.",
        ),
        &["/tender/procurementMethod", "/awards[]/value/amount"],
    ),
    ind(
        "COMP-03",
        "competition",
        t("Mezcla de procedimientos", "Method mix"),
        t(
            "Proporción de procesos (y de monto) por método: abierto, selectivo, limitado, directo.",
            "Share of processes (and of value) by method: open, selective, limited, direct.",
        ),
        &["/tender/procurementMethod"],
    ),
    ind(
        "COMP-04",
        "competition",
        t("Tasa de oferente único", "Single-bidder rate"),
        t(
            "Procesos competitivos (abiertos o selectivos) con un solo oferente ÷ procesos competitivos con número de oferentes conocido.",
            "Competitive processes (open or selective) with one tenderer ÷ competitive processes with a known number of tenderers.",
        ),
        &["/tender/numberOfTenderers", "/tender/tenderers[]", "/bids/details[]/tenderers[]"],
    ),
    ind(
        "COMP-05",
        "competition",
        t("Promedio de oferentes", "Mean tenderers"),
        t(
            "Promedio de oferentes en procesos competitivos; y proporción con tres o menos.",
            "Mean number of tenderers in competitive processes; and share with three or fewer.",
        ),
        &["/tender/numberOfTenderers"],
    ),
    ind(
        "COMP-06",
        "competition",
        t("Concentración de proveedores", "Supplier concentration"),
        t(
            "Por comprador: proporción del monto del principal proveedor e índice HHI; alerta si supera la proporción máxima.",
            "Per buyer: the top supplier's share of the value and the HHI; flagged above the maximum share.",
        ),
        &["/awards[]/suppliers[]/id", "/awards[]/value/amount"],
    ),
    ind(
        "TRN-01",
        "completeness",
        t("Completitud por etapa", "Stage completeness"),
        t(
            "Campos publicados ÷ campos esperados en cada etapa (planeación, licitación, adjudicación, contrato, implementación).",
            "Fields published ÷ fields expected at each stage (planning, tender, award, contract, implementation).",
        ),
        &[],
    ),
    ind(
        "TRN-02",
        "completeness",
        t("Índice de contrataciones abiertas", "Open-contracting index"),
        t(
            "100 × promedio ponderado de la completitud de las etapas que aplican al proceso (0–100).",
            "100 × weighted mean of the completeness of the stages that apply to the process (0–100).",
        ),
        &[],
    ),
    ind(
        "TRN-03",
        "completeness",
        t("Cobertura de campos", "Field coverage"),
        t(
            "Para cada campo: procesos en que no está vacío ÷ procesos.",
            "For each field: processes where it is not empty ÷ processes.",
        ),
        &[],
    ),
    ind(
        "TRN-04",
        "completeness",
        t("Contrato publicado", "Contract document published"),
        t(
            "Procesos con adjudicación activa y documento del contrato ÷ procesos con adjudicación activa.",
            "Processes with an active award and a contract document ÷ processes with an active award.",
        ),
        &["/contracts[]/documents[]"],
    ),
    ind(
        "TRN-05",
        "completeness",
        t("Publicación tardía", "Late publication"),
        t(
            "Procesos publicados por primera vez después del inicio del contrato ÷ procesos con ambas fechas (requiere el historial).",
            "Processes first published after the contract started ÷ processes with both dates (needs the history).",
        ),
        &["/contracts[]/period/startDate"],
    ),
    ind(
        "TRN-06",
        "completeness",
        t("Convocatoria publicada", "Call for tender published"),
        t(
            "Procesos competitivos con convocatoria (documento tenderNotice o entrega «tender») ÷ procesos competitivos.",
            "Competitive processes with a call for tender (a tenderNotice document or a “tender” release) ÷ competitive processes.",
        ),
        &["/tender/documents[]"],
    ),
    ind(
        "TIM-01",
        "timeliness",
        t("Días de convocatoria", "Tender period days"),
        t(
            "Días completos del inicio al cierre del periodo de presentación; proporción con menos del umbral (15).",
            "Whole days from the start to the end of the tender period; share under the threshold (15).",
        ),
        &["/tender/tenderPeriod/startDate", "/tender/tenderPeriod/endDate"],
    ),
    ind(
        "TIM-02",
        "timeliness",
        t("Días para adjudicar", "Award decision days"),
        t(
            "Del cierre de la convocatoria a la primera adjudicación activa; alerta fuera de los límites.",
            "From the end of the tender period to the first active award; flagged outside the limits.",
        ),
        &["/tender/tenderPeriod/endDate", "/awards[]/date"],
    ),
    ind(
        "TIM-03",
        "timeliness",
        t("Días para firmar", "Signature delay"),
        t(
            "De la fecha de la adjudicación a la firma de su contrato.",
            "From the award's date to the signature of its contract.",
        ),
        &["/awards[]/date", "/contracts[]/dateSigned"],
    ),
    ind(
        "TIM-04",
        "timeliness",
        t("Hitos cumplidos a tiempo", "Milestones met on time"),
        t(
            "Hitos cumplidos en o antes de su fecha ÷ hitos vencidos a la fecha de corte.",
            "Milestones met on or before their due date ÷ milestones due by the as-of date.",
        ),
        &["/contracts[]/implementation/milestones[]"],
    ),
    ind(
        "TIM-05",
        "timeliness",
        t("Concluidos en plazo", "Concluded on time"),
        t(
            "Contratos terminados cuyo último hito cumplido cae dentro del periodo ÷ contratos terminados con ambas fechas.",
            "Terminated contracts whose last met milestone falls within the period ÷ terminated contracts with both dates.",
        ),
        &["/contracts[]/status", "/contracts[]/period/endDate"],
    ),
    ind(
        "TIM-06",
        "timeliness",
        t("Reabiertos", "Reopened"),
        t(
            "Hitos cumplidos (o contratos terminados) que en una entrega posterior cambiaron de estado ÷ los alguna vez cumplidos (requiere el historial).",
            "Milestones met (or contracts terminated) whose status changed in a later release ÷ those ever met (needs the history).",
        ),
        &[],
    ),
    ind(
        "TIM-07",
        "timeliness",
        t("Contrato excesivamente largo", "Long contract"),
        t("Contratos con periodo mayor a 1000 días.", "Contracts whose period exceeds 1000 days."),
        &["/contracts[]/period/startDate", "/contracts[]/period/endDate"],
    ),
    ind(
        "TIM-08",
        "timeliness",
        t("Fechas sospechosas", "Suspicious dates"),
        t(
            "Fechas clave en sábado, domingo o feriado oficial mexicano.",
            "Key dates on a Saturday, Sunday or Mexican federal holiday.",
        ),
        &["/tender/tenderPeriod/startDate", "/awards[]/date", "/contracts[]/dateSigned"],
    ),
    ind(
        "BUD-01",
        "budget",
        t("Presupuesto publicado vs aprobado", "Published vs approved budget"),
        t(
            "Monto publicado por comprador, año y capítulo (2000, 3000, 5000, 7000) ÷ presupuesto aprobado (tabla de entrada).",
            "Amount published per buyer, year and chapter (2000, 3000, 5000, 7000) ÷ approved budget (input table).",
        ),
        &["/planning/budget/amount/amount", "/planning/budget/budgetBreakdown[]/classifications"],
    ),
    ind(
        "BUD-02",
        "budget",
        t("Monto sin clasificar", "Unclassified spending"),
        t(
            "Procesos (y monto) que no pueden asignarse a un capítulo ÷ todos.",
            "Processes (and value) that cannot be assigned a chapter ÷ all.",
        ),
        &["/planning/budget/budgetBreakdown[]/classifications"],
    ),
    ind(
        "INT-01",
        "integrity",
        t("Adjudicación a proveedor sancionado", "Award to a sanctioned supplier"),
        t(
            "Un identificador del ganador está en la lista de sanciones vigente en la fecha de adjudicación.",
            "An identifier of the winner is on the sanctions list in force on the award date.",
        ),
        &["/parties[]/identifier/id"],
    ),
    ind(
        "INT-02",
        "integrity",
        t("Proveedor sin identificador", "Supplier without identifier"),
        t(
            "El ganador no tiene más identificador que rellenos (p. ej. XAXX010101000).",
            "The winner has no identifier but placeholders (e.g. XAXX010101000).",
        ),
        &["/parties[]/identifier/id"],
    ),
    ind(
        "INT-03",
        "integrity",
        t("Empresa de reciente creación", "New company"),
        t(
            "El ganador se constituyó menos de 365 días antes de la adjudicación.",
            "The winner was founded less than 365 days before the award.",
        ),
        &["/parties[]/details/foundingDate"],
    ),
    ind(
        "INT-04",
        "integrity",
        t("Monto justo debajo del umbral", "Just under the threshold"),
        t(
            "Monto de un proceso no competitivo entre 95 % y 100 % del umbral legal (tabla de entrada).",
            "Amount of a non-competitive process between 95% and 100% of the legal threshold (input table).",
        ),
        &["/awards[]/value/amount"],
    ),
    ind(
        "INT-05",
        "integrity",
        t("Fraccionamiento", "Contract splitting"),
        t(
            "Mismo comprador y proveedor, adjudicaciones no competitivas en 30 días, cada una bajo el umbral y juntas sobre él.",
            "Same buyer and supplier, non-competitive awards within 30 days, each under the threshold and together over it.",
        ),
        &["/awards[]/date", "/awards[]/value/amount"],
    ),
    ind(
        "INT-06",
        "integrity",
        t("Proveedor recurrente", "Repeat winner"),
        t(
            "Por comprador y año: el proveedor ganó 5 o más procesos, o la mitad o más del monto adjudicado.",
            "Per buyer and year: the supplier won 5 or more processes, or half or more of the value awarded.",
        ),
        &["/awards[]/suppliers[]/id"],
    ),
    ind(
        "INT-07",
        "integrity",
        t("Modificación que aumenta el monto", "Value-raising amendment"),
        t(
            "El monto final del contrato supera en más de 20 % al original (según el historial o las modificaciones).",
            "The final contract value exceeds the original by more than 20% (from the history or the amendments).",
        ),
        &["/contracts[]/value/amount"],
    ),
    ind(
        "INT-08",
        "integrity",
        t("Monto redondo", "Round amount"),
        t("Un monto positivo múltiplo de 100,000.", "A positive amount that is a multiple of 100,000."),
        &["/awards[]/value/amount"],
    ),
    ind(
        "INT-09",
        "integrity",
        t("Excepción sin justificación", "Non-competitive without rationale"),
        t(
            "Método no competitivo sin procurementMethodRationale.",
            "Non-competitive method without procurementMethodRationale.",
        ),
        &["/tender/procurementMethodRationale"],
    ),
    ind(
        "R003",
        "cardinal",
        t("Periodo de presentación corto", "Short submission period"),
        t(
            "Bandera de Cardinal: periodo de presentación de menos de 15 días.",
            "Cardinal flag: a tender period shorter than 15 days.",
        ),
        &["/tender/tenderPeriod/startDate", "/tender/tenderPeriod/endDate"],
    ),
    ind(
        "R018",
        "cardinal",
        t("Un solo oferente", "Single bid received"),
        t(
            "Bandera de Cardinal: proceso abierto o selectivo con numberOfTenderers = 1.",
            "Cardinal flag: an open or selective process with numberOfTenderers = 1.",
        ),
        &["/tender/numberOfTenderers"],
    ),
    ind(
        "R024",
        "cardinal",
        t("Precio cercano a la oferta ganadora", "Price close to winning bid"),
        t(
            "Bandera de Cardinal: la segunda oferta más baja está muy cerca de la ganadora.",
            "Cardinal flag: the second-lowest bid is very close to the winning one.",
        ),
        &["/bids/details[]/value/amount"],
    ),
    ind(
        "R025",
        "cardinal",
        t("Exceso de ofertas perdedoras", "Excessive unsuccessful bids"),
        t(
            "Bandera de Cardinal: oferente con muchas ofertas válidas y pocas ganadas.",
            "Cardinal flag: a tenderer with many valid bids and few wins.",
        ),
        &["/bids/details[]/status"],
    ),
    ind(
        "R028",
        "cardinal",
        t("Ofertas con precio idéntico", "Identical bid prices"),
        t(
            "Bandera de Cardinal: dos oferentes con el mismo precio.",
            "Cardinal flag: two tenderers with the same price.",
        ),
        &["/bids/details[]/value/amount"],
    ),
    ind(
        "R030",
        "cardinal",
        t("Oferta tardía ganadora", "Late bid won"),
        t(
            "Bandera de Cardinal: ganó una oferta presentada después del cierre.",
            "Cardinal flag: a bid submitted after the deadline won.",
        ),
        &["/bids/details[]/date"],
    ),
    ind(
        "R035",
        "cardinal",
        t("Todas descalificadas salvo la ganadora", "All except winning bid disqualified"),
        t("Bandera de Cardinal: sólo la oferta ganadora fue válida.", "Cardinal flag: only the winning bid was valid."),
        &["/bids/details[]/status"],
    ),
    ind(
        "R036",
        "cardinal",
        t("Oferta más baja descalificada", "Lowest bid disqualified"),
        t(
            "Bandera de Cardinal: la oferta más baja fue descalificada.",
            "Cardinal flag: the lowest bid was disqualified.",
        ),
        &["/bids/details[]/status"],
    ),
    ind(
        "R038",
        "cardinal",
        t("Exceso de ofertas descalificadas", "Excessive disqualified bids"),
        t(
            "Bandera de Cardinal: proporción de ofertas descalificadas sobre la cerca superior.",
            "Cardinal flag: share of disqualified bids above the upper fence.",
        ),
        &["/bids/details[]/status"],
    ),
    ind(
        "R048",
        "cardinal",
        t("Proveedor heterogéneo", "Heterogeneous supplier"),
        t(
            "Bandera de Cardinal: proveedor de muchas clases distintas de artículos.",
            "Cardinal flag: a supplier of many different item classes.",
        ),
        &["/awards[]/items[]/classification/id"],
    ),
    ind(
        "R058",
        "cardinal",
        t("Oferta con descuento excesivo", "Heavily discounted bid"),
        t(
            "Bandera de Cardinal: la oferta ganadora es mucho más baja que la siguiente.",
            "Cardinal flag: the winning bid is far below the next one.",
        ),
        &["/bids/details[]/value/amount"],
    ),
];

/// The catalogue entry of `id`, if any.
pub(crate) fn indicator(id: &str) -> Option<&'static Indicator> {
    CATALOGUE.iter().find(|i| i.id == id)
}

/// Names of the OCDS procurement methods.
pub(crate) fn method(code: &str) -> T {
    match code {
        "open" => t("Licitación pública (abierto)", "Open"),
        "selective" => t("Invitación (selectivo)", "Selective"),
        "limited" => t("Limitado", "Limited"),
        "direct" => t("Adjudicación directa", "Direct award"),
        _ => t("Sin método", "No method"),
    }
}

/// The five stages of a process, in order.
pub(crate) const STAGES: [(&str, T); 5] = [
    ("planning", t("Planeación", "Planning")),
    ("tender", t("Licitación", "Tender")),
    ("award", t("Adjudicación", "Award")),
    ("contract", t("Contrato", "Contract")),
    ("implementation", t("Implementación", "Implementation")),
];
