//! Building blocks shared by the OCDS entities: values, periods, identifiers, addresses,
//! contact points, documents, items and the like, with the EDCA-MX extension members that
//! attach to them.

use rust_decimal::Decimal;

use super::field::JsonMap;
use super::leaf::{Amount, Date, Id, Integer};
use super::object::object;

object! {
    /// A monetary value (`Value`). EDCA-MX adds `netAmount` (taxes extension) and
    /// `exchangeRates` (exchangeRate extension).
    Value {
        /// The amount.
        amount: Amount = "amount",
        /// ISO 4217 currency code.
        currency: String = "currency",
        /// The amount without taxes (taxes extension).
        net_amount: Amount = "netAmount",
        /// Exchange rates to other currencies (exchangeRate extension).
        exchange_rates: Vec<ExchangeRate> = "exchangeRates",
    }
}

impl Value {
    /// A value from an amount and a currency.
    pub fn new(amount: Decimal, currency: &str) -> Self {
        Value { amount: Amount::from_decimal(amount).into(), currency: currency.to_owned().into(), ..Value::default() }
    }

    /// The amount as an exact decimal, if it is a JSON number that fits one. An amount written
    /// as a string (`"1,000.00"`) is raw: see [`Value::amount_text`].
    pub fn amount(&self) -> Option<Decimal> {
        self.amount.get().and_then(Amount::decimal)
    }

    /// The amount as written when it is a JSON string instead of a number (messy data).
    pub fn amount_text(&self) -> Option<&str> {
        self.amount.raw().and_then(|j| j.as_str())
    }

    /// The currency code.
    pub fn currency(&self) -> Option<&str> {
        self.currency.as_str()
    }
}

object! {
    /// An exchange rate (exchangeRate extension).
    ExchangeRate {
        /// Units of `currency` per unit of the value's currency.
        rate: Amount = "rate",
        /// Currency the rate converts to.
        currency: String = "currency",
        /// When the rate applied.
        date: Date = "date",
        /// Where the rate comes from (codelist exchangeRateSource).
        source: String = "source",
    }
}

object! {
    /// A period of time.
    Period {
        /// Start.
        start_date: Date = "startDate",
        /// End.
        end_date: Date = "endDate",
        /// The latest possible end date.
        max_extent_date: Date = "maxExtentDate",
        /// Length in days.
        duration_in_days: Integer = "durationInDays",
    }
}

impl Period {
    /// The start date, if present.
    pub fn start(&self) -> Option<&Date> {
        self.start_date.get()
    }

    /// The end date, if present.
    pub fn end(&self) -> Option<&Date> {
        self.end_date.get()
    }
}

object! {
    /// An organization identifier. EDCA-MX adds the name breakdown and `schemeURL`.
    Identifier {
        /// Register (org-id scheme), e.g. `MX-RFC`.
        scheme: String = "scheme",
        /// Identifier within the register.
        id: Id = "id",
        /// Legal name.
        legal_name: String = "legalName",
        /// URI of the organization in the register.
        uri: String = "uri",
        /// Natural or legal person (nameBreakdown extension).
        legal_personality: String = "legalPersonality",
        /// Given name of a natural person (nameBreakdown).
        given_name: String = "givenName",
        /// First surname (nameBreakdown).
        patronymic_name: String = "patronymicName",
        /// Second surname (nameBreakdown).
        matronymic_name: String = "matronymicName",
        /// URL of the scheme (schemeUrl extension).
        scheme_url: String = "schemeURL",
    }
}

object! {
    /// A postal address. The location extension adds `description`.
    Address {
        /// Street.
        street_address: String = "streetAddress",
        /// Locality.
        locality: String = "locality",
        /// Region (in Mexico, the state).
        region: String = "region",
        /// Postal code.
        postal_code: String = "postalCode",
        /// Country.
        country_name: String = "countryName",
        /// Free-text description (location extension).
        description: String = "description",
    }
}

object! {
    /// A contact point. EDCA-MX adds name breakdown, type, languages and address.
    ContactPoint {
        /// Name of the person or office.
        name: String = "name",
        /// E-mail.
        email: String = "email",
        /// Telephone.
        telephone: String = "telephone",
        /// Fax.
        fax_number: String = "faxNumber",
        /// Web page.
        url: String = "url",
        /// Given name (nameBreakdown).
        given_name: String = "givenName",
        /// First surname (nameBreakdown).
        patronymic_name: String = "patronymicName",
        /// Second surname (nameBreakdown).
        matronymic_name: String = "matronymicName",
        /// Kind of contact point (contactPointType extension).
        r#type: String = "type",
        /// Languages spoken, as text (contactPointType extension).
        available_languages: String = "availableLanguages",
        /// Language code (contactPointType extension; the misspelling is the extension's).
        lenguage_code: String = "lenguageCode",
        /// Languages spoken (additionalContactPoints extension).
        available_language: Vec<String> = "availableLanguage",
        /// Address (additionalContactPoints extension).
        address: Address = "address",
    }
}

object! {
    /// A document attached to a stage of the process.
    Document {
        /// Identifier, unique within its list.
        id: Id = "id",
        /// Kind of document (codelist documentType).
        document_type: String = "documentType",
        /// Title.
        title: String = "title",
        /// Description.
        description: String = "description",
        /// Where to get it.
        url: String = "url",
        /// First publication date.
        date_published: Date = "datePublished",
        /// Last modification date.
        date_modified: Date = "dateModified",
        /// Media type.
        format: String = "format",
        /// Language.
        language: String = "language",
    }
}

object! {
    /// A classification of an item (e.g. CUCOP or COG codes in Mexico).
    Classification {
        /// Scheme (codelist itemClassificationScheme).
        scheme: String = "scheme",
        /// Code within the scheme.
        id: Id = "id",
        /// Description.
        description: String = "description",
        /// URI of the code.
        uri: String = "uri",
    }
}

object! {
    /// The unit an item is measured in.
    Unit {
        /// Scheme (e.g. UNCEFACT).
        scheme: String = "scheme",
        /// Code within the scheme.
        id: Id = "id",
        /// Name.
        name: String = "name",
        /// Price per unit.
        value: Value = "value",
        /// URI of the unit.
        uri: String = "uri",
    }
}

object! {
    /// A good, service or work to be procured. The location extension adds delivery places.
    Item {
        /// Identifier, unique within its list.
        id: Id = "id",
        /// Description.
        description: String = "description",
        /// Primary classification.
        classification: Classification = "classification",
        /// Other classifications.
        additional_classifications: Vec<Classification> = "additionalClassifications",
        /// Quantity.
        quantity: Amount = "quantity",
        /// Unit.
        unit: Unit = "unit",
        /// Where it is delivered (location extension).
        delivery_location: Location = "deliveryLocation",
        /// Where it is delivered (location extension, list form).
        delivery_locations: Vec<Location> = "deliveryLocations",
        /// Delivery address (location extension).
        delivery_address: Address = "deliveryAddress",
        /// Delivery addresses (location extension, list form).
        delivery_addresses: Vec<Address> = "deliveryAddresses",
    }
}

object! {
    /// A place (location extension).
    Location {
        /// Description.
        description: String = "description",
        /// GeoJSON-like geometry (`type`, `coordinates`).
        geometry: JsonMap = "geometry",
        /// Gazetteer entry (`scheme`, `identifiers`).
        gazetteer: JsonMap = "gazetteer",
        /// URI of the place.
        uri: String = "uri",
    }
}

object! {
    /// A milestone. The publicNotices extension adds a milestone type, not a member.
    Milestone {
        /// Identifier, unique within its list.
        id: Id = "id",
        /// Title.
        title: String = "title",
        /// Kind of milestone (codelist milestoneType).
        r#type: String = "type",
        /// Description.
        description: String = "description",
        /// Publisher's code.
        code: String = "code",
        /// When it is due.
        due_date: Date = "dueDate",
        /// When it was met.
        date_met: Date = "dateMet",
        /// Last modification.
        date_modified: Date = "dateModified",
        /// Status (codelist milestoneStatus).
        status: String = "status",
        /// Documents.
        documents: Vec<Document> = "documents",
    }
}

object! {
    /// An amendment to a tender, award or contract.
    Amendment {
        /// When it was made.
        date: Date = "date",
        /// Why.
        rationale: String = "rationale",
        /// Identifier.
        id: Id = "id",
        /// Description.
        description: String = "description",
        /// The release the amendment changes.
        amends_release_id: String = "amendsReleaseID",
        /// The release that holds the amended values.
        release_id: String = "releaseID",
        /// Changed members (deprecated in OCDS 1.1).
        changes: Vec<JsonMap> = "changes",
    }
}

object! {
    /// Who published a package, or (releasePublisher extension) a release.
    Publisher {
        /// Name.
        name: String = "name",
        /// Identifier scheme.
        scheme: String = "scheme",
        /// Identifier within the scheme.
        uid: Id = "uid",
        /// URI.
        uri: String = "uri",
    }
}
