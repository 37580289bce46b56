#!/usr/bin/env python3
"""Writes releases.jsonl: the invented participatory-budget example (see README.md).

SAMPLE DATA, INVENTED: every name, RFC, amount and date below is made up for this example; any
match with a real person, company or project is a coincidence. The file is committed; run this
script again only to change the example (output is deterministic):

    python3 examples/presupuesto-participativo/generate.py
"""

import json
from pathlib import Path

PREFIX = "ocds-ejmplo"
OFFSET = "-06:00"  # Monterrey (no daylight saving time since 2022)
CURRENCY = "MXN"

MUNICIPIO = {
    "id": "MX-RFC-MSG830101AA1",
    "name": "Municipio de San Pedro Garza García",
    "identifier": {"scheme": "MX-RFC", "id": "MSG830101AA1",
                   "legalName": "Municipio de San Pedro Garza García, Nuevo León"},
    "address": {"streetAddress": "Juárez y Libertad s/n, Centro", "locality": "San Pedro Garza García",
                "region": "Nuevo León", "postalCode": "66200", "countryName": "México"},
    "contactPoint": {"name": "Secretaría de Participación Ciudadana",
                     "email": "presupuesto.participativo@example.org"},
    "roles": ["buyer", "payer"],
}

UNITS = {
    "obras": ("MX-UC-SPGG-SOP", "Secretaría de Obras Públicas"),
    "servicios": ("MX-UC-SPGG-SSP", "Secretaría de Servicios Públicos"),
    "adquisiciones": ("MX-UC-SPGG-DAD", "Dirección de Adquisiciones"),
}

# Suppliers (invented RFCs: 12 characters for companies, 13 for individuals).
COMPANIES = {
    "CUN": ("CUN0903124T7", "Construcciones y Urbanizaciones del Norte, S.A. de C.V."),
    "PAV": ("PRE110825QK3", "Pavimentos y Recubrimientos Escobedo, S.A. de C.V."),
    "HID": ("HIS150302MN8", "Hidráulica y Saneamiento Regio, S.A. de C.V."),
    "OBC": ("OCC071119B52", "Obras Civiles Cumbres, S. de R.L. de C.V."),
    "ILU": ("ILE130614RT1", "Iluminación Eficiente del Noreste, S.A. de C.V."),
    "ELN": ("ESL120905HH4", "Electro Soluciones Linares, S.A. de C.V."),
    "LUM": ("LMT160228JB6", "Luminotecnia Monterrey, S.A. de C.V."),
    "SEG": ("STV100417AX9", "Seguridad Tecnológica y Videovigilancia, S.A. de C.V."),
    "RED": ("RDN140930KC2", "Redes de Datos del Norte, S.A. de C.V."),
    "VIV": ("GALR7805143K9", "Rosa Elena García López (Vivero Los Nogales)"),
    "DEP": ("EDI170711PL5", "Equipamiento Deportivo Integral, S.A. de C.V."),
    "JUE": ("JIN180122TZ3", "Juegos Incluyentes de México, S.A. de C.V."),
    "PAR": ("MPA090506EE7", "Mobiliario para Parques, S.A. de C.V."),
    "ACT": ("AYU190830RS4", "Activa Urbana, S.C."),
    "ARQ": ("TAR200214GD1", "Taller de Arquitectura y Ciudad, S.C."),
}

METHODS = {
    "open": "Licitación pública",
    "selective": "Invitación a cuando menos tres personas",
    "direct": "Adjudicación directa",
}

# Chapters of the Clasificador por Objeto del Gasto and the spending-object codes used.
COG = {
    "24601": "Material eléctrico y electrónico",
    "24801": "Materiales complementarios",
    "33201": "Servicios de diseño, arquitectura, ingeniería y actividades relacionadas",
    "35102": "Mantenimiento y conservación de inmuebles para la prestación de servicios públicos",
    "51101": "Mobiliario",
    "52201": "Aparatos deportivos",
    "52901": "Otro mobiliario y equipo educacional y recreativo",
    "56501": "Equipo y aparatos de comunicaciones y telecomunicaciones",
    "61401": "División de terrenos y construcción de obras de urbanización",
    "62202": "Mantenimiento y rehabilitación de edificaciones no habitacionales",
}

# The twelve proposals of the (invented) 2025 cycle. `lines`: (spending object, amount) of the
# approved budget; `items`: (CUCOP code, description, unit, quantity); `bidders`: supplier keys,
# the winner first; `fate`: "done" (carried out), "unfeasible" (judged not feasible) or "lost"
# (not voted); `story`: how implementation goes ("ok", "late", "reopened", "amended").
PROJECTS = [
    dict(n=1, colonia="Del Valle", unit="obras", method="open", fate="done", story="ok", votes=1843,
         title="Banquetas accesibles y rampas en calle Río Rhin",
         description="Rehabilitación de 1.2 km de banquetas con rampas para sillas de ruedas y guía podotáctil.",
         lines=[("61401", "4850000.00")], bid="4612380.50",
         items=[("61400306", "Rehabilitación de banquetas", "Obra", 1)],
         bidders=["CUN", "PAV", "OBC", "HID"], months=4),
    dict(n=2, colonia="Los Pinos", unit="servicios", method="selective", fate="done", story="ok", votes=1210,
         title="Luminarias LED en el parque de la colonia Los Pinos",
         description="Sustitución de 64 luminarias de vapor de sodio por LED e instalación.",
         lines=[("24601", "890000.00"), ("35102", "430000.00")], bid="1268400.00",
         items=[("24600057", "Luminaria", "Pieza", 64)],
         bidders=["ILU", "ELN", "LUM"], months=2),
    dict(n=3, colonia="Casco Urbano", unit="adquisiciones", method="open", fate="done", story="ok", votes=2311,
         title="Cámaras de videovigilancia en el Casco Urbano",
         description="Suministro e instalación de 24 cámaras conectadas al centro de monitoreo municipal.",
         lines=[("56501", "2960000.00")], bid="2874995.00",
         items=[("56500063", "Circuito cerrado de televisión", "Pieza", 24)],
         bidders=["SEG", "RED", "ELN"], months=3),
    dict(n=4, colonia="Lucio Blanco", unit="servicios", method="direct", fate="done", story="ok", votes=976,
         title="Arborización con especies nativas en la colonia Lucio Blanco",
         description="Plantación de 180 árboles nativos (encino, anacahuita, palo blanco) con riego inicial.",
         lines=[("24801", "385000.00")], bid="379800.00",
         items=[("24800024", "Árbol (de ornato)", "Pieza", 180)],
         bidders=["VIV"], months=2),
    dict(n=5, colonia="Revolución", unit="obras", method="selective", fate="done", story="ok", votes=1532,
         title="Rehabilitación de la cancha de usos múltiples de la colonia Revolución",
         description="Nueva carpeta de concreto, tableros, porterías, pintura y malla perimetral.",
         lines=[("62202", "1780000.00")], bid="1702150.75",
         items=[("62202", "Mantenimiento y rehabilitación de edificaciones no habitacionales", "Obra", 1)],
         bidders=["OBC", "CUN", "PAV"], months=3),
    dict(n=6, colonia="Vista Montaña", unit="adquisiciones", method="open", fate="done", story="late", votes=2045,
         title="Juegos infantiles incluyentes en la plaza de Vista Montaña",
         description="Módulo de juegos accesibles, piso de hule y sombras.",
         lines=[("52901", "1650000.00"), ("61401", "500000.00")], bid="2098760.00",
         items=[("52900050", "Juego infantil para exteriores (casa de árbol, resbaladilla, puente, etc.)", "Pieza", 1)],
         bidders=["JUE", "PAR", "DEP"], months=3),
    dict(n=7, colonia="Canteras", unit="adquisiciones", method="selective", fate="done", story="ok", votes=1388,
         title="Gimnasio al aire libre en la colonia Canteras",
         description="Suministro e instalación de 12 aparatos de ejercicio para exterior.",
         lines=[("52201", "940000.00")], bid="918300.00",
         items=[("52200028", "Gimnasio universal (equipo deportivo)", "Pieza", 12)],
         bidders=["DEP", "PAR", "JUE"], months=2),
    dict(n=8, colonia="Fuentes del Valle", unit="obras", method="direct", fate="done", story="ok", votes=1127,
         title="Proyecto ejecutivo de ciclovía en la colonia Fuentes del Valle",
         description="Estudio de movilidad y proyecto ejecutivo de 3.4 km de ciclovía confinada.",
         lines=[("33201", "480000.00")], bid="472000.00",
         items=[("33201", "Servicios de diseño, arquitectura, ingeniería y actividades relacionadas", "Servicio", 1)],
         bidders=["ARQ"], months=3),
    dict(n=9, colonia="El Obispo", unit="obras", method="open", fate="done", story="reopened", votes=1967,
         title="Rehabilitación del drenaje pluvial de la calle Morelos, colonia El Obispo",
         description="Sustitución de 420 m de tubería pluvial y 9 rejillas para evitar inundaciones.",
         lines=[("61401", "5600000.00")], bid="5387420.00",
         items=[("61400309", "Rehabilitación de red de alcantarillado", "Obra", 1)],
         bidders=["HID", "CUN", "OBC"], months=4),
    dict(n=10, colonia="Tampiquito", unit="adquisiciones", method="direct", fate="done", story="amended", votes=884,
         title="Bancas y bebederos en el parque de la colonia Tampiquito",
         description="Suministro e instalación de 20 bancas de concreto y 4 bebederos.",
         lines=[("51101", "410000.00")], bid="356000.00",
         items=[("51100009", "Banca", "Pieza", 20), ("51100113", "Bebedero de pared", "Pieza", 4)],
         bidders=["PAR"], months=2),
    dict(n=11, colonia="Jardines de San Agustín", unit="obras", method="open", fate="unfeasible", votes=0,
         title="Mural comunitario y andador en el bajo puente de Jardines de San Agustín",
         description="Mural y andador peatonal bajo el puente vehicular.",
         lines=[("61401", "1250000.00")],
         reason="No viable: el predio bajo el puente es de jurisdicción estatal."),
    dict(n=12, colonia="Bosques del Valle", unit="obras", method="open", fate="lost", votes=412,
         title="Techumbre para la cancha de la colonia Bosques del Valle",
         description="Estructura metálica y lámina para cubrir la cancha.",
         lines=[("62202", "2300000.00")],
         reason="No alcanzó los votos necesarios en la consulta ciudadana."),
]

# The release that fails validation on purpose: project 7's contract was captured with the
# signature date in dd/mm/yyyy (a common capture error), which is not an RFC 3339 date-time.
BAD_PROJECT, BAD_STAGE = 7, "contract"


def when(month, day, hour=10):
    return f"2025-{month:02d}-{day:02d}T{hour:02d}:00:00{OFFSET}"


def money(amount):
    # Amounts are JSON numbers written with their cents, as captured ("4850000.00").
    return {"amount": Amount(amount), "currency": CURRENCY}


class Amount(str):
    """A decimal amount written as a JSON number exactly as given."""


def dumps(value):
    if isinstance(value, Amount):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dumps(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def cents(text):
    whole, frac = text.split(".")
    return int(whole) * 100 + int(frac)


def from_cents(n):
    return f"{n // 100}.{n % 100:02d}"


def unit_party(p):
    uid, name = UNITS[p["unit"]]
    return {"id": uid, "name": name, "roles": ["procuringEntity"]}


def supplier_party(key, roles):
    rfc, name = COMPANIES[key]
    return {"id": f"MX-RFC-{rfc}", "name": name,
            "identifier": {"scheme": "MX-RFC", "id": rfc, "legalName": name},
            "address": {"locality": "Monterrey", "region": "Nuevo León", "countryName": "México"},
            "roles": roles}


def ref(party):
    return {"id": party["id"], "name": party["name"]}


def budget_lines(p):
    lines = []
    for i, (cog, amount) in enumerate(p["lines"], 1):
        components = [
            {"name": "branch", "level": 1, "code": "19", "description": "Municipio de San Pedro Garza García"},
            {"name": "responsibleUnit", "level": 2, "code": "SPC", "description": "Secretaría de Participación Ciudadana"},
            {"name": "budgetProgram", "level": 3, "code": "PP25", "description": "Presupuesto Participativo 2025"},
            {"name": "spendingObject", "level": 4, "code": cog, "description": COG[cog]},
            {"name": "budgetSource", "level": 5, "code": "11", "description": "Recursos fiscales municipales"},
        ]
        lines.append({
            "id": "".join(c["code"] for c in components) + f"-{i:02d}",
            "components": components,
            "measures": [{"id": "approved", "value": money(amount), "update": "Primer Trimestre"}],
        })
    total = from_cents(sum(cents(a) for _, a in p["lines"]))
    # One breakdown entry per budget line, so that each amount has one spending-object chapter.
    return total, [{
        "id": f"PP25-{p['n']:02d}-{i:02d}",
        "description": f"Presupuesto Participativo 2025, proyecto {p['n']:02d} ({p['colonia']}), partida {cog}",
        "amount": money(amount),
        "period": {"startDate": when(1, 1, 0), "endDate": "2025-12-31T23:59:59" + OFFSET},
        "sourceParty": ref(MUNICIPIO),
        "budgetLines": [line],
    } for i, ((cog, amount), line) in enumerate(zip(p["lines"], lines), 1)]


def base(p, seq, tag, date, parties):
    ocid = f"{PREFIX}-SPGG-PP-2025-{p['n']:03d}"
    return {
        "ocid": ocid,
        "id": f"{ocid}-{seq:02d}-{tag[0]}",
        "date": date,
        "tag": tag,
        "initiationType": "tender",
        "language": "es",
        "parties": parties,
        "buyer": ref(MUNICIPIO),
    }


def project_releases(p):
    unit = unit_party(p)
    total, breakdown = budget_lines(p)
    n = p["n"]
    ocid_tail = f"PP-2025-{n:03d}"
    tender_id = f"SPGG-{ocid_tail}"
    out = []

    # 1. planning: the proposal is registered by neighbours of the colonia.
    registered = when(2, 3 + n)
    r = base(p, 1, ["planning"], registered, [MUNICIPIO, unit])
    r["planning"] = {
        "rationale": f"Propuesta ciudadana registrada por vecinos de la colonia {p['colonia']} en el "
                     "Presupuesto Participativo 2025 (ejemplo con datos inventados).",
        "budget": {"id": f"PP25-{n:02d}", "description": "Presupuesto Participativo 2025",
                   "amount": money(total), "project": p["title"], "projectID": ocid_tail,
                   "budgetBreakdown": breakdown},
        "milestones": [
            {"id": "registro", "title": "Registro de la propuesta", "type": "preProcurement",
             "status": "met", "dateMet": registered},
            {"id": "dictamen", "title": "Dictamen de viabilidad técnica y jurídica", "type": "approval",
             "status": "scheduled", "dueDate": when(3, 14, 18)},
            {"id": "consulta", "title": "Consulta ciudadana (votación)", "type": "approval",
             "status": "scheduled", "dueDate": when(4, 27, 18)},
        ],
    }
    r["tender"] = {"id": tender_id, "title": p["title"], "description": p["description"], "status": "planning"}
    out.append(r)

    # 2. planningUpdate: the technical evaluation.
    evaluated = when(3, 10 + n % 4)
    feasible = p["fate"] != "unfeasible"
    r = base(p, 2, ["planningUpdate"], evaluated, [MUNICIPIO, unit])
    r["planning"] = {"milestones": [
        {"id": "registro", "title": "Registro de la propuesta", "type": "preProcurement",
         "status": "met", "dateMet": registered},
        {"id": "dictamen", "title": "Dictamen de viabilidad técnica y jurídica", "type": "approval",
         "status": "met" if feasible else "notMet", "dateMet": evaluated,
         "description": "Viable." if feasible else p["reason"]},
        {"id": "consulta", "title": "Consulta ciudadana (votación)", "type": "approval",
         "status": "scheduled" if feasible else "notMet", "dueDate": when(4, 27, 18)},
    ]}
    if not feasible:
        r["tender"] = {"id": tender_id, "status": "withdrawn"}
        out.append(r)
        return out
    out.append(r)

    # 3. planningUpdate: the vote (citizens' consultation of 27 April).
    voted = when(4, 29, 12)
    won = p["fate"] != "lost"
    r = base(p, 3, ["planningUpdate"], voted, [MUNICIPIO, unit])
    r["planning"] = {"milestones": [
        {"id": "registro", "title": "Registro de la propuesta", "type": "preProcurement",
         "status": "met", "dateMet": registered},
        {"id": "dictamen", "title": "Dictamen de viabilidad técnica y jurídica", "type": "approval",
         "status": "met", "dateMet": evaluated, "description": "Viable."},
        {"id": "consulta", "title": "Consulta ciudadana (votación)", "type": "approval",
         "status": "met" if won else "notMet", "dateMet": when(4, 27, 18),
         "description": f"{p['votes']:,} votos.".replace(",", " ")
                        + ("" if won else " " + p["reason"])},
    ]}
    if not won:
        r["tender"] = {"id": tender_id, "status": "withdrawn"}
        out.append(r)
        return out
    out.append(r)

    # 4. tender.
    method = p["method"]
    published = when(5, 5 + n)
    # Open tenders stay open about 20 days, invitations about 2 weeks; a direct award has none.
    tender_end = when(6, 1 + n % 2, 12) if method == "open" else when(5, 26 + n % 4, 12)
    items = [{"id": f"{i}", "description": d, "quantity": q, "unit": {"name": u},
              "classification": {"scheme": "CUCOP", "id": c, "description": d}}
             for i, (c, d, u, q) in enumerate(p["items"], 1)]
    r = base(p, 4, ["tender"], published, [MUNICIPIO, unit])
    category = "works" if p["unit"] == "obras" and not p["items"][0][0].startswith("33") else (
        "services" if p["items"][0][0].startswith("3") else "goods")
    r["tender"] = {
        "id": tender_id, "title": p["title"], "description": p["description"], "status": "active",
        "procuringEntity": ref(unit), "items": items, "value": money(total),
        "procurementMethod": method, "procurementMethodDetails": METHODS[method],
        "procurementMethodRationale": {
            "open": "Monto superior al de invitación (Ley de Adquisiciones / Ley de Obras Públicas del Estado).",
            "selective": "Monto dentro del rango de invitación a cuando menos tres personas.",
            "direct": "Monto dentro del rango de adjudicación directa.",
        }[method],
        "mainProcurementCategory": category,
    }
    if method != "direct":
        r["tender"]["tenderPeriod"] = {"startDate": published, "endDate": tender_end}
        r["tender"]["awardPeriod"] = {"startDate": tender_end, "endDate": when(6, 13, 18)}
    out.append(r)

    # 5. award.
    awarded = when(6, 9 + n % 5, 13)
    bidders = [supplier_party(k, ["tenderer"]) for k in p["bidders"]]
    bidders[0]["roles"] = ["tenderer", "supplier"]
    r = base(p, 5, ["award", "tenderUpdate"], awarded, [MUNICIPIO, unit] + bidders)
    r["tender"] = {"id": tender_id, "status": "complete", "tenderers": [ref(b) for b in bidders],
                   "numberOfTenderers": len(bidders)}
    award_id = f"{tender_id}-A1"
    r["awards"] = [{
        "id": award_id, "title": p["title"], "status": "active", "date": awarded,
        "value": money(p["bid"]), "suppliers": [ref(bidders[0])],
        "description": "Propuesta solvente más baja." if method != "direct" else "Adjudicación directa.",
    }]
    out.append(r)

    # 6. contract.
    winner = supplier_party(p["bidders"][0], ["tenderer", "supplier", "payee"])
    signed = when(6, 20 + n % 5, 11)
    start = when(7, 1, 8)
    end_month = 7 + p["months"] - 1
    end = f"2025-{end_month:02d}-28T18:00:00{OFFSET}"
    contract_id = f"{tender_id}-C1"
    contract = {
        "id": contract_id, "awardID": award_id, "title": p["title"], "status": "active",
        "value": money(p["bid"]), "period": {"startDate": start, "endDate": end},
        "dateSigned": "21/06/2025" if (n, "contract") == (BAD_PROJECT, BAD_STAGE) else signed,
        "items": items,
    }
    r = base(p, 6, ["contract"], signed, [MUNICIPIO, unit, winner])
    r["contracts"] = [contract]
    out.append(r)

    # 7+. implementation: milestones and payments.
    bid = cents(p["bid"])
    advance = bid * 30 // 100
    rest = bid - advance
    payee = ref(winner)
    payer = ref(MUNICIPIO)

    def payment(k, month, day, amount_cents):
        return {"id": f"{contract_id}-P{k}", "source": "https://example.org/tesoreria/pagos",
                "date": when(month, day, 12), "value": money(from_cents(amount_cents)),
                "payer": payer, "payee": payee, "uri": f"https://example.org/pp2025/{n:02d}/pago-{k}",
                "paymentMethod": "wireTransfer"}

    def milestone(mid, title, due, status, met=None, description=None):
        m = {"id": mid, "title": title, "type": "delivery", "dueDate": due, "status": status}
        if met:
            m["dateMet"] = met
        if description:
            m["description"] = description
        return m

    half = when(7 + p["months"] // 2, 15, 18)
    final_due = end
    m1 = ("inicio", "Inicio de los trabajos", when(7, 1, 18))
    m2 = ("avance", "Avance del 50 %", half)
    m3 = ("entrega", "Entrega-recepción", final_due)
    seq = 7

    def impl_release(date, milestones, transactions, status="ongoing", contract_status="active", tag="implementation",
                     extra=None):
        nonlocal seq
        r = base(p, seq, [tag], date, [MUNICIPIO, unit, winner])
        c = {"id": contract_id, "awardID": award_id, "status": contract_status,
             "implementation": {"status": status, "milestones": milestones, "transactions": transactions}}
        if extra:
            c.update(extra)
        r["contracts"] = [c]
        seq += 1
        out.append(r)

    pay1 = payment(1, 7, 4, advance)
    impl_release(when(7, 5, 9), [milestone(*m1, "met", when(7, 1, 9)), milestone(*m2, "scheduled"),
                                 milestone(*m3, "scheduled")], [pay1])
    half_month = 7 + p["months"] // 2
    pay2 = payment(2, half_month, 25, rest // 2)
    story = p["story"]
    if story == "late":
        # The 50 % milestone is missed (the rubber floor arrived late), then met two weeks after.
        impl_release(when(half_month, 20, 9), [milestone(*m1, "met", when(7, 1, 9)),
                                               milestone(*m2, "notMet", description="Retraso en la entrega del piso de hule."),
                                               milestone(*m3, "scheduled")], [pay1])
        late_met = when(half_month + 1, 1, 17)
        pay2["date"] = when(half_month + 1, 3, 12)
        impl_release(when(half_month + 1, 4, 9), [milestone(*m1, "met", when(7, 1, 9)),
                                                  milestone(*m2, "met", late_met, "Cumplido con 15 días de retraso."),
                                                  milestone(*m3, "scheduled")], [pay1, pay2])
    else:
        impl_release(when(half_month, 26, 9), [milestone(*m1, "met", when(7, 1, 9)),
                                               milestone(*m2, "met", when(half_month, 14, 17)),
                                               milestone(*m3, "scheduled")], [pay1, pay2])
    final_value = bid
    extra_final = None
    if story == "amended":
        # A modification agreement adds 2 bancas: +10 % of the contract value, within the law's 25 %.
        final_value = bid + bid // 10
        amended = when(half_month, 27, 10)
        amendment = {"id": f"{contract_id}-M1", "date": amended,
                     "rationale": "Convenio modificatorio: dos bancas adicionales solicitadas por los vecinos.",
                     "description": "Incremento del 10 % del monto del contrato."}
        impl_release(amended, [milestone(*m1, "met", when(7, 1, 9)), milestone(*m2, "met", when(half_month, 14, 17)),
                               milestone(*m3, "scheduled")], [pay1, pay2], tag="contractAmendment",
                     extra={"value": money(from_cents(final_value)), "amendments": [amendment]})
        extra_final = {"value": money(from_cents(final_value)), "amendments": [amendment]}
    end_month_day = f"2025-{end_month:02d}-27T17:00:00{OFFSET}"
    last_month = end_month + 1
    pay3 = payment(3, last_month, 8, final_value - advance - rest // 2)
    if story == "reopened":
        # Delivery is accepted, then reopened: the first heavy rain floods two grates again.
        impl_release(f"2025-{end_month:02d}-28T09:00:00{OFFSET}",
                     [milestone(*m1, "met", when(7, 1, 9)), milestone(*m2, "met", when(half_month, 14, 17)),
                      milestone(*m3, "met", end_month_day)], [pay1, pay2])
        reopened = when(last_month, 3, 9)
        impl_release(reopened,
                     [milestone(*m1, "met", when(7, 1, 9)), milestone(*m2, "met", when(half_month, 14, 17)),
                      milestone("entrega", "Entrega-recepción", when(last_month, 24, 18), "scheduled",
                                description="Reabierto: dos rejillas se taparon con la lluvia del 1 de "
                                            f"{'noviembre' if last_month == 11 else 'octubre'}; el contratista corrige con cargo a la garantía.")],
                     [pay1, pay2])
        pay3["date"] = when(last_month, 28, 12)
        impl_release(when(last_month, 29, 9),
                     [milestone(*m1, "met", when(7, 1, 9)), milestone(*m2, "met", when(half_month, 14, 17)),
                      milestone("entrega", "Entrega-recepción", when(last_month, 24, 18), "met", when(last_month, 21, 13),
                                "Recibido tras la corrección de las rejillas.")],
                     [pay1, pay2, pay3], status="concluded", contract_status="terminated")
    else:
        impl_release(when(last_month, 9, 9),
                     [milestone(*m1, "met", when(7, 1, 9)), milestone(*m2, "met", when(half_month, 14, 17))
                      if story != "late" else milestone(*m2, "met", late_met, "Cumplido con 15 días de retraso."),
                      milestone(*m3, "met", end_month_day)],
                     [pay1, pay2, pay3], status="concluded", contract_status="terminated", extra=extra_final)
    return out


def main():
    releases = [r for p in PROJECTS for r in project_releases(p)]
    releases.sort(key=lambda r: (r["date"], r["ocid"]))
    here = Path(__file__).resolve().parent
    with open(here / "releases.jsonl", "w", encoding="utf-8") as f:
        for r in releases:
            f.write(dumps(r) + "\n")
    print(f"{len(releases)} releases, {len(PROJECTS)} processes -> {here / 'releases.jsonl'}")


if __name__ == "__main__":
    main()
