//! The stages and actors of a contracting process: parties, planning (with the EDCA-MX budget
//! breakdown), tender, awards, contracts and their implementation.

use super::field::JsonMap;
use super::leaf::{Date, Id, Integer};
use super::object::object;
use super::parts::{Address, Amendment, ContactPoint, Document, Identifier, Item, Location, Milestone, Period, Value};

object! {
    /// A party to the process (`parties[]`). EDCA-MX adds `position`, `memberOf` and
    /// `additionalContactPoints`.
    Organization {
        /// Name.
        name: String = "name",
        /// Identifier within this release, referenced by `OrganizationReference.id`.
        id: Id = "id",
        /// Main identifier.
        identifier: Identifier = "identifier",
        /// Other identifiers.
        additional_identifiers: Vec<Identifier> = "additionalIdentifiers",
        /// Address.
        address: Address = "address",
        /// Contact point.
        contact_point: ContactPoint = "contactPoint",
        /// Roles in the process (codelist partyRole).
        roles: Vec<String> = "roles",
        /// Free-form details.
        details: JsonMap = "details",
        /// Position of a person (clarificationMeetings extension).
        position: String = "position",
        /// Organizations this one belongs to (memberOf extension).
        member_of: Vec<OrganizationReference> = "memberOf",
        /// More contact points (additionalContactPoints extension).
        additional_contact_points: Vec<ContactPoint> = "additionalContactPoints",
    }
}

impl Organization {
    /// The party's id as text.
    pub fn id(&self) -> Option<&str> {
        self.id.get().map(Id::as_str)
    }

    /// The roles, or none when absent or not an array of strings.
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        self.roles.as_slice().iter().map(String::as_str)
    }

    /// Whether the party has this role.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles().any(|r| r == role)
    }
}

object! {
    /// A reference to a party (`buyer`, `suppliers[]`, …). OCDS 1.0 data puts whole
    /// organizations here, hence the deprecated identifying members.
    OrganizationReference {
        /// Name.
        name: String = "name",
        /// The referenced party's `id`.
        id: Id = "id",
        /// Identifier (deprecated in 1.1).
        identifier: Identifier = "identifier",
        /// Address (deprecated in 1.1).
        address: Address = "address",
        /// Other identifiers (deprecated in 1.1).
        additional_identifiers: Vec<Identifier> = "additionalIdentifiers",
        /// Contact point (deprecated in 1.1).
        contact_point: ContactPoint = "contactPoint",
    }
}

impl OrganizationReference {
    /// The referenced party's id as text.
    pub fn id(&self) -> Option<&str> {
        self.id.get().map(Id::as_str)
    }

    /// The name.
    pub fn name(&self) -> Option<&str> {
        self.name.as_str()
    }
}

object! {
    /// The planning stage. EDCA-MX adds quotes, procurement units and a budget breakdown.
    Planning {
        /// Why the procurement is needed.
        rationale: String = "rationale",
        /// Budget.
        budget: Budget = "budget",
        /// Documents.
        documents: Vec<Document> = "documents",
        /// Milestones.
        milestones: Vec<Milestone> = "milestones",
        /// Whether quotes were requested (requestForQuotes extension).
        has_quotes: bool = "hasQuotes",
        /// Requests for quotes (requestForQuotes extension).
        requests_for_quotes: Vec<RequestForQuotes> = "requestsForQuotes",
        /// Units requesting the procurement (procurementUnits extension).
        requesting_units: Vec<OrganizationReference> = "requestingUnits",
        /// Units responsible (procurementUnits extension).
        responsible_units: Vec<OrganizationReference> = "responsibleUnits",
        /// Units contracting (procurementUnits extension).
        contracting_units: Vec<OrganizationReference> = "contractingUnits",
        /// Budget breakdown at planning level (budgetLines extension).
        budget_breakdown: Vec<BudgetBreakdown> = "budgetBreakdown",
    }
}

object! {
    /// The budget of the process. The EDCA tool writes its breakdown here.
    Budget {
        /// Identifier.
        id: Id = "id",
        /// Description.
        description: String = "description",
        /// Amount.
        amount: Value = "amount",
        /// Project.
        project: String = "project",
        /// Project identifier.
        project_id: Id = "projectID",
        /// Where budget information is.
        uri: String = "uri",
        /// Source (OCDS 1.0).
        source: String = "source",
        /// Breakdown by source and period (budget_breakdown extension).
        budget_breakdown: Vec<BudgetBreakdown> = "budgetBreakdown",
    }
}

object! {
    /// One part of a budget (budget_breakdown extension), with its Mexican budget lines
    /// (budgetLines extension).
    BudgetBreakdown {
        /// Identifier (in Mexico, often the budget key).
        id: Id = "id",
        /// Description.
        description: String = "description",
        /// Amount.
        amount: Value = "amount",
        /// Where more information is.
        uri: String = "uri",
        /// Period.
        period: Period = "period",
        /// The party providing the funds.
        source_party: OrganizationReference = "sourceParty",
        /// Budget lines (budgetLines extension).
        budget_lines: Vec<BudgetLine> = "budgetLines",
    }
}

object! {
    /// A line of the Mexican budget key (budgetLines extension).
    BudgetLine {
        /// Identifier.
        id: Id = "id",
        /// The parts of the budget key (branch, responsible unit, …).
        components: Vec<BudgetLineComponent> = "components",
        /// Amounts by measure (approved, modified, …) and quarter.
        measures: Vec<BudgetLineMeasure> = "measures",
    }
}

object! {
    /// One component of a budget key (budgetLines extension).
    BudgetLineComponent {
        /// Component name (e.g. `branch`).
        name: String = "name",
        /// Level, 1-based.
        level: Id = "level",
        /// Code.
        code: Id = "code",
        /// Description.
        description: String = "description",
    }
}

object! {
    /// A measure of a budget line (budgetLines extension).
    BudgetLineMeasure {
        /// Measure id (e.g. `approved`).
        id: Id = "id",
        /// Amount.
        value: Value = "value",
        /// When it was updated (a quarter name in the EDCA tool).
        update: String = "update",
    }
}

object! {
    /// A request for quotes (requestForQuotes extension).
    RequestForQuotes {
        /// Identifier.
        id: Id = "id",
        /// Title.
        title: String = "title",
        /// Description.
        description: String = "description",
        /// Period.
        period: Period = "period",
        /// Items.
        items: Vec<Item> = "items",
        /// Invited suppliers.
        invited_suppliers: Vec<OrganizationReference> = "invitedSuppliers",
        /// Quotes received.
        quotes: Vec<Quote> = "quotes",
    }
}

object! {
    /// A quote (requestForQuotes extension).
    Quote {
        /// Identifier.
        id: Id = "id",
        /// Description.
        description: String = "description",
        /// Date.
        date: Date = "date",
        /// Items.
        items: Vec<Item> = "items",
        /// Value.
        value: Value = "value",
        /// Period of validity.
        period: Period = "period",
        /// Supplier that issued it.
        issuing_supplier: OrganizationReference = "issuingSupplier",
    }
}

object! {
    /// The tender stage. EDCA-MX adds clarification meetings and delivery places.
    Tender {
        /// Identifier.
        id: Id = "id",
        /// Title.
        title: String = "title",
        /// Description.
        description: String = "description",
        /// Status (codelist tenderStatus).
        status: String = "status",
        /// The procuring entity.
        procuring_entity: OrganizationReference = "procuringEntity",
        /// Items.
        items: Vec<Item> = "items",
        /// Estimated value.
        value: Value = "value",
        /// Minimum value.
        min_value: Value = "minValue",
        /// Method (codelist method: open, selective, limited, direct).
        procurement_method: String = "procurementMethod",
        /// Method details (in Mexico, the legal procedure's name).
        procurement_method_details: String = "procurementMethodDetails",
        /// Why this method.
        procurement_method_rationale: String = "procurementMethodRationale",
        /// Main category (codelist procurementCategory).
        main_procurement_category: String = "mainProcurementCategory",
        /// Other categories.
        additional_procurement_categories: Vec<String> = "additionalProcurementCategories",
        /// Award criteria.
        award_criteria: String = "awardCriteria",
        /// Award criteria details.
        award_criteria_details: String = "awardCriteriaDetails",
        /// Submission methods.
        submission_method: Vec<String> = "submissionMethod",
        /// Submission method details.
        submission_method_details: String = "submissionMethodDetails",
        /// Period for submitting bids.
        tender_period: Period = "tenderPeriod",
        /// Period for enquiries.
        enquiry_period: Period = "enquiryPeriod",
        /// Whether there were enquiries.
        has_enquiries: bool = "hasEnquiries",
        /// Eligibility criteria.
        eligibility_criteria: String = "eligibilityCriteria",
        /// Period for the award decision.
        award_period: Period = "awardPeriod",
        /// Expected contract period.
        contract_period: Period = "contractPeriod",
        /// Number of tenderers.
        number_of_tenderers: Integer = "numberOfTenderers",
        /// Tenderers.
        tenderers: Vec<OrganizationReference> = "tenderers",
        /// Documents.
        documents: Vec<Document> = "documents",
        /// Milestones.
        milestones: Vec<Milestone> = "milestones",
        /// Amendments.
        amendments: Vec<Amendment> = "amendments",
        /// Amendment (deprecated in 1.1).
        amendment: Amendment = "amendment",
        /// Clarification meetings (clarificationMeetings extension).
        clarification_meetings: Vec<ClarificationMeeting> = "clarificationMeetings",
        /// Delivery places (location extension).
        delivery_locations: Vec<Location> = "deliveryLocations",
        /// Delivery addresses (location extension).
        delivery_addresses: Vec<Address> = "deliveryAddresses",
    }
}

object! {
    /// A clarification meeting (clarificationMeetings extension).
    ClarificationMeeting {
        /// Identifier.
        id: Id = "id",
        /// Date.
        date: Date = "date",
        /// Who attended.
        attendees: Vec<OrganizationReference> = "attendees",
        /// Officials present.
        officials: Vec<OrganizationReference> = "officials",
    }
}

object! {
    /// An award decision. EDCA-MX adds `rationale`.
    Award {
        /// Identifier.
        id: Id = "id",
        /// Title.
        title: String = "title",
        /// Description.
        description: String = "description",
        /// Status (codelist awardStatus).
        status: String = "status",
        /// Date of the decision.
        date: Date = "date",
        /// Value awarded.
        value: Value = "value",
        /// Suppliers.
        suppliers: Vec<OrganizationReference> = "suppliers",
        /// Items.
        items: Vec<Item> = "items",
        /// Contract period.
        contract_period: Period = "contractPeriod",
        /// Documents.
        documents: Vec<Document> = "documents",
        /// Amendments.
        amendments: Vec<Amendment> = "amendments",
        /// Amendment (deprecated in 1.1).
        amendment: Amendment = "amendment",
        /// Why it was awarded (awardRationale extension).
        rationale: String = "rationale",
    }
}

impl Award {
    /// The award's id as text.
    pub fn id(&self) -> Option<&str> {
        self.id.get().map(Id::as_str)
    }
}

object! {
    /// A contract. EDCA-MX adds guarantees, surveillance mechanisms and suppliers.
    Contract {
        /// Identifier.
        id: Id = "id",
        /// The award it comes from.
        award_id: Id = "awardID",
        /// Title.
        title: String = "title",
        /// Description.
        description: String = "description",
        /// Status (codelist contractStatus).
        status: String = "status",
        /// Period.
        period: Period = "period",
        /// Value.
        value: Value = "value",
        /// Items.
        items: Vec<Item> = "items",
        /// Signature date.
        date_signed: Date = "dateSigned",
        /// Documents.
        documents: Vec<Document> = "documents",
        /// Implementation.
        implementation: Implementation = "implementation",
        /// Related processes.
        related_processes: Vec<RelatedProcess> = "relatedProcesses",
        /// Milestones.
        milestones: Vec<Milestone> = "milestones",
        /// Amendments.
        amendments: Vec<Amendment> = "amendments",
        /// Amendment (deprecated in 1.1).
        amendment: Amendment = "amendment",
        /// Suppliers (contract_suppliers extension).
        suppliers: Vec<OrganizationReference> = "suppliers",
        /// Guarantees (guarantees extension).
        guarantees: Vec<Guarantee> = "guarantees",
        /// Surveillance mechanisms (surveillanceMechanisms extension).
        surveillance_mechanisms: Vec<String> = "surveillanceMechanisms",
    }
}

impl Contract {
    /// The contract's id as text.
    pub fn id(&self) -> Option<&str> {
        self.id.get().map(Id::as_str)
    }

    /// The id of the award it comes from, as text.
    pub fn award_id(&self) -> Option<&str> {
        self.award_id.get().map(Id::as_str)
    }
}

object! {
    /// A guarantee given for a contract (guarantees extension).
    Guarantee {
        /// Identifier.
        id: Id = "id",
        /// Kind (codelist guaranteeType).
        r#type: String = "type",
        /// Date.
        date: Date = "date",
        /// Obligations guaranteed (codelist guaranteedObligations).
        obligations: String = "obligations",
        /// Value.
        value: Value = "value",
        /// Guarantor.
        guarantor: OrganizationReference = "guarantor",
        /// Period.
        period: Period = "period",
    }
}

object! {
    /// How a contract is carried out. EDCA-MX adds `status` and a budget breakdown.
    Implementation {
        /// Payments.
        transactions: Vec<Transaction> = "transactions",
        /// Milestones.
        milestones: Vec<Milestone> = "milestones",
        /// Documents.
        documents: Vec<Document> = "documents",
        /// Status (implementationStatus extension).
        status: String = "status",
        /// Budget breakdown (budgetLines extension).
        budget_breakdown: Vec<BudgetBreakdown> = "budgetBreakdown",
    }
}

object! {
    /// A payment. OCDS 1.0's `amount`, `providerOrganization` and `receiverOrganization` are
    /// kept beside 1.1's `value`, `payer` and `payee`.
    Transaction {
        /// Identifier.
        id: Id = "id",
        /// Data source.
        source: String = "source",
        /// Date.
        date: Date = "date",
        /// Value.
        value: Value = "value",
        /// Who paid.
        payer: OrganizationReference = "payer",
        /// Who was paid.
        payee: OrganizationReference = "payee",
        /// Where details are.
        uri: String = "uri",
        /// Value (OCDS 1.0).
        amount: Value = "amount",
        /// Payer (OCDS 1.0).
        provider_organization: Identifier = "providerOrganization",
        /// Payee (OCDS 1.0).
        receiver_organization: Identifier = "receiverOrganization",
        /// Payment method (paymentMethod extension).
        payment_method: String = "paymentMethod",
    }
}

object! {
    /// A process related to this one.
    RelatedProcess {
        /// Identifier.
        id: Id = "id",
        /// Relationships (codelist relatedProcess).
        relationship: Vec<String> = "relationship",
        /// Title.
        title: String = "title",
        /// Scheme of `identifier` (e.g. `ocid`).
        scheme: String = "scheme",
        /// The related process's identifier.
        identifier: String = "identifier",
        /// URI.
        uri: String = "uri",
    }
}
