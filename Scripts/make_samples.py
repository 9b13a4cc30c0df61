#!/usr/bin/env python3
"""Generate the logtriage sample logs in SampleLogs/ (Python 3 stdlib only, deterministic).

Every sample is a fake but realistic log that a travel agency's .NET or Java integration with the MixVel API could
attach to a support request.  All personal data, passwords, tokens and card numbers are invented; the README lists
them per file so tests can check that none of them leaks through redaction.

Run:  python3 Scripts/make_samples.py      (rewrites SampleLogs/ and SampleLogs/README.md)
"""
from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import random
import uuid
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "SampleLogs"
RNG = random.Random(20261118)
MSK = dt.timezone(dt.timedelta(hours=3))
UTC = dt.timezone.utc

NS_ENV = "https://www.mixvel.com/API/XSD/mixvel_envelope/1_06"
NS_AUTH = "https://www.mixvel.com/API/XSD/mixvel_auth/1_01"
PROD = "api.mixvel.com"
TEST = "api-test.mixvel.com"

LOGIN = "agency31415.api"
SU_ID = "31415_KTRWZ"
AGENT = "31415"


def uid() -> str:
    return str(uuid.UUID(int=RNG.getrandbits(128), version=4))


def T(y, mo, d, h, mi, s, ms=0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, s, ms * 1000, tzinfo=MSK)


# --------------------------------------------------------------------------------------------------------------------
# Secrets registry: every planted secret, so the README can list per file which ones occur.
# --------------------------------------------------------------------------------------------------------------------
SECRETS: list[tuple[str, str, str]] = []  # (kind, value, probe) -- probe is the string searched for in the file


def secret(kind: str, value: str, probe: str | None = None) -> str:
    if not any(v == value and k == kind for k, v, _ in SECRETS):
        SECRETS.append((kind, value, probe or value))
    return value


CARD = secret("card number (Luhn-valid)", "4111111111111111")
CVV = secret("card CVV (`<SeriesCode>`)", "737", "<SeriesCode>737</SeriesCode>")
CARD_EXP = "1228"
PASSWORD_OK = secret("password", "Kzn-Travel#2026")
PASSWORD_BAD = secret("password", "Kzn-Travel#2026Nov")
PASSWORD_JAVA = secret("password", "SpbTour!Secret77")
PASSWORD_TEST = secret("password", "TestStand_pass41")


def luhn_ok(n: str) -> bool:
    s = 0
    for i, ch in enumerate(reversed(n)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


assert luhn_ok(CARD)


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def make_jwt(login: str, issued: dt.datetime) -> str:
    hdr = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    iat = int(issued.timestamp())
    payload = {
        "unique_name": login, "StructureUnitId": SU_ID, "AgentCode": AGENT, "jti": uid(),
        "nbf": iat, "exp": iat + 24 * 3600, "iat": iat, "iss": "MixVel", "aud": "MixVel.Api",
    }
    body = b64u(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64u(bytes(RNG.getrandbits(8) for _ in range(32)))
    return secret("JWT (Bearer token)", f"{hdr}.{body}.{sig}")


class Pax:
    def __init__(self, pid, given, middle, surname, gender, birth, doc, doc_exp, email=None, phone=None, ptc="ADT"):
        self.pid, self.given, self.middle, self.surname = pid, given, middle, surname
        self.gender, self.birth, self.doc, self.doc_exp, self.ptc = gender, birth, doc, doc_exp, ptc
        self.email, self.phone = email, phone
        secret("passport number (`<IdentityDocID>`)", doc)
        if email:
            secret("e-mail", email)
        if phone:
            secret("phone", phone)


PAX_PETROVA = Pax("Pax-1", "ANNA", "SERGEEVNA", "PETROVA", "F", "1987-03-14", "4516302871", "2032-03-14",
                  "anna.petrova@example.com", "+79161234567")
PAX_PETROV = Pax("Pax-2", "DMITRY", "IGOREVICH", "PETROV", "M", "1985-07-02", "4512998104", "2030-07-02")
PAX_SMIRNOV = Pax("Pax-1", "ALEKSEI", "VIKTOROVICH", "SMIRNOV", "M", "1979-11-23", "753318442", "2029-05-30",
                  "a.smirnov@example.org", "+79057770123")
PAX_KUZNETSOVA = Pax("Pax-1", "OLGA", "PAVLOVNA", "KUZNETSOVA", "F", "1992-01-09", "4619550327", "2037-01-09",
                     "olga.k92@example.net", "+79219876543")
PAX_ORLOV = Pax("Pax-1", "IGOR", "NIKOLAEVICH", "ORLOV", "M", "1990-06-18", "4018112233", "2035-06-18",
                "i.orlov@example.com", "+79031112233")
PAX_ORLOVA = Pax("Pax-2", "MARIA", "ANDREEVNA", "ORLOVA", "F", "1993-09-27", "4018445566", "2038-09-27")


# --------------------------------------------------------------------------------------------------------------------
# Tiny XML builder (pretty-printed, 2-space indent like .NET XDocument.ToString())
# --------------------------------------------------------------------------------------------------------------------
class E:
    def __init__(self, tag, *children, a=None):
        self.tag, self.a = tag, a or {}
        flat = []
        for c in children:
            if c is None:
                continue
            if isinstance(c, (list, tuple)):
                flat.extend(x for x in c if x is not None)
            else:
                flat.append(c)
        self.children = flat


def xesc(s: str, attr=False) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if attr else s


def render(node: E, depth=0, ind="  ") -> list[str]:
    pad = ind * depth
    attrs = "".join(f' {k}="{xesc(str(v), True)}"' for k, v in node.a.items())
    if not node.children:
        return [f"{pad}<{node.tag}{attrs} />"]
    if len(node.children) == 1 and isinstance(node.children[0], str):
        return [f"{pad}<{node.tag}{attrs}>{xesc(node.children[0])}</{node.tag}>"]
    out = [f"{pad}<{node.tag}{attrs}>"]
    for c in node.children:
        out += render(c, depth + 1, ind)
    out.append(f"{pad}</{node.tag}>")
    return out


def ts_req(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+03:00"


def ts_rs(t: dt.datetime) -> str:
    u = t.astimezone(UTC)
    return u.strftime("%Y-%m-%dT%H:%M:%S.") + f"{u.microsecond * 10 + RNG.randrange(10):07d}Z"


def envelope(mi: dict, payload: E, level1_error=False, ind="  ") -> list[str]:
    body = [E("MessageInfo", a=mi), payload if level1_error else E("AppData", payload)]
    root = E("MixEnv:Envelope", E("Header"), E("Body", *body), a={"xmlns:MixEnv": NS_ENV})
    return ['<?xml version="1.0" encoding="utf-8"?>'] + render(root, 0, ind)


def rq(name: str, ver: str, prefix: str, *children) -> E:
    return E(f"{prefix}:Mixvel_{name}", *children,
             a={f"xmlns:{prefix}": f"https://www.mixvel.com/API/XSD/Mixvel_{name}/{ver}"})


def payload_attrs(rat):
    if rat is None:
        return None
    return E("PayloadAttributes", E("ResponseAfterTimeout", str(rat)))


def err(etype, canretry, code=None, desc=None, ticket=None, retry_after=None) -> E:
    return E("Error", E("ErrorType", etype), E("CanRetry", "true" if canretry else "false"),
             E("RetryAfter", str(retry_after)) if retry_after is not None else None,
             E("TicketId", ticket) if ticket else None,
             E("Code", code) if code else None,
             E("DescText", desc) if desc else None)


# ---- requests -------------------------------------------------------------------------------------------------------
def login_rq(password: str) -> E:
    return E("a:Auth", E("Login", LOGIN), E("Password", password), E("StructureUnitID", SU_ID),
             a={"xmlns:a": NS_AUTH})


def auth_ok(token: str) -> E:
    return E("Auth:AuthResponse", E("Token", token), a={"xmlns:Auth": NS_AUTH})


def auth_err(code, desc) -> E:
    return E("Auth:AuthResponse", err("BadRequest", False, code, desc), a={"xmlns:Auth": NS_AUTH})


def loc(code, legacy):
    return E("IATA_LocationCode", code) if legacy else E("LocationCode", code, a={"Standard": "IATA"})


def airshopping_rq(legs, paxes, rat=40, legacy=False) -> E:
    crit = [E("OriginDestCriteria",
              E("OriginDepCriteria", E("DateRangeStart", d), E("DateRangeEnd", d), loc(o, legacy)),
              E("DestArrivalCriteria", loc(de, legacy)),
              E("CabinType", E("CabinTypeCode", "Economy"), E("PrefLevel", E("PrefLevelCode", "Required"))))
            for o, de, d in legs]
    return rq("AirShoppingRQ", "1_01", "shop", payload_attrs(rat),
              E("Request", E("FlightRequest", E("FlightRequestOriginDestinationsCriteria", *crit)),
                E("Paxs", [E("Pax", E("PaxID", p.pid), E("PTC", p.ptc)) for p in paxes])))


def offerprice_rq(offer, paxes, rat=40) -> E:
    return rq("OfferPriceRQ", "1_00", "op", payload_attrs(rat),
              E("Request", E("PricedOffer", E("SelectedOffer", E("OfferRefID", offer["id"]),
                                               [E("SelectedOfferItem", E("OfferItemRefID", offer["item"]),
                                                  E("PaxRefID", p.pid)) for p in paxes]))))


def pax_nodes(paxes):
    contacts = []
    plist = []
    for i, p in enumerate(paxes, 1):
        cref = None
        if p.email or p.phone:
            cref = f"Contact-{i}"
            contacts.append(E("ContactInfo", E("ContactInfoID", cref),
                              E("EmailAddress", E("ContactTypeText", "personal"), E("EmailAddressText", p.email))
                              if p.email else None,
                              E("Phone", E("ContactTypeText", "personal"), E("PhoneNumber", p.phone))
                              if p.phone else None))
        plist.append(E("Pax", E("ContactInfoRefID", cref) if cref else None,
                       E("IdentityDoc", E("ExpiryDate", p.doc_exp), E("IdentityDocID", p.doc),
                         E("IdentityDocTypeCode", "PS"), E("IssuingCountryCode", "RU"), E("Surname", p.surname)),
                       E("Individual", E("Birthdate", p.birth), E("GenderCode", p.gender), E("GivenName", p.given),
                         E("MiddleName", p.middle), E("Surname", p.surname)),
                       E("PaxID", p.pid), E("PTC", p.ptc)))
    return E("ContactInfoList", *contacts) if contacts else None, E("PaxList", *plist)


def ordercreate_rq(offer, paxes, rat=40) -> E:
    cl, pl = pax_nodes(paxes)
    return rq("OrderCreateRQ", "1_01", "m", payload_attrs(rat),
              E("Request", E("CreateOrder", E("SelectedOffer", E("OfferRefID", offer["id"]),
                                               [E("SelectedOfferItem", E("OfferItemRefID", offer["item"]),
                                                  E("PaxRefID", p.pid)) for p in paxes])),
                E("DataLists", cl, pl)))


def orderretrieve_rq(mix_id) -> E:
    return rq("OrderRetrieveRQ", "1_00", "o",
              E("Request", E("OrderFilterCriteria", E("MixOrder", E("MixOrderID", mix_id)))))


def orderchange_pay_rq(mix_id, amount, card=False, holder="ANNA PETROVA", rat=40) -> E:
    if card:
        method = E("PaymentCard", E("CardHolderName", holder), E("CardNumber", CARD),
                   E("ExpirationDate", CARD_EXP), E("SeriesCode", CVV))
    else:
        method = E("OtherPaymentMethod")
    return rq("OrderChangeRQ", "1_00", "o", payload_attrs(rat),
              E("Request", E("MixOrder", E("MixOrderID", mix_id)),
                E("PaymentFunctions", E("PaymentProcessingDetails", E("Amount", amount, a={"CurCode": "RUB"}),
                                        E("PaymentProcessingDetailsPaymentMethod", method)))))


def ordercancel_rq(mix_id, order_id=None) -> E:
    return rq("OrderCancelRQ", "1_01", "m",
              E("Request", E("MixOrder", E("MixOrderID", mix_id), E("Order", E("OrderID", order_id))
                             if order_id else None)))


# ---- responses ------------------------------------------------------------------------------------------------------
CARRIERS = [("SU", "Aeroflot"), ("S7", "S7 Airlines"), ("U6", "Ural Airlines"), ("DP", "Pobeda"), ("FV", "Rossiya")]


def new_offers(legs, paxes, n, base_t: dt.datetime):
    """Return (offers, AirShoppingRS node). Each offer dict has id, item, price, carrier, segment."""
    offers, segs, journeys, offer_nodes = [], [], [], []
    for i in range(n):
        car = CARRIERS[RNG.randrange(len(CARRIERS))][0]
        o, de, d = legs[0]
        dep = dt.datetime.fromisoformat(d) + dt.timedelta(hours=RNG.randrange(6, 22), minutes=RNG.choice([0, 5, 15, 25, 40, 50]))
        dur = dt.timedelta(minutes=RNG.randrange(80, 260, 5))
        seg_id, jr_id = uid(), uid()
        segs.append(E("PaxSegment",
                      E("Arrival", E("AircraftScheduledDateTime", (dep + dur).isoformat()), loc(de, False),
                        E("StationName", de)),
                      E("Dep", E("AircraftScheduledDateTime", dep.isoformat()), loc(o, False), E("StationName", o),
                        E("TerminalName", RNG.choice(["B", "C", "D", "1"]))),
                      E("Duration", f"PT{dur.seconds // 3600}H{dur.seconds % 3600 // 60}M"),
                      E("MarketingCarrierInfo", E("CarrierDesigCode", car),
                        E("MarketingCarrierFlightNumberText", str(RNG.randrange(10, 1999)))),
                      E("PaxSegmentID", seg_id)))
        journeys.append(E("PaxJourney", E("PaxJourneyID", jr_id), E("PaxSegmentRefID", seg_id)))
        price = RNG.randrange(3200, 21000, 10)
        total = price * len(paxes)
        off = {"id": uid(), "item": uid(), "price": price, "total": f"{total}.00", "carrier": car, "seg": seg_id}
        offers.append(off)
        offer_nodes.append(E("Offer",
                             E("OfferExpirationTimeLimitDateTime", (base_t + dt.timedelta(minutes=20)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
                             E("OfferID", off["id"]),
                             E("OfferItem", E("OfferItemID", off["item"]),
                               E("Price", E("TotalAmount", f"{price}.00", a={"CurCode": "RUB"})),
                               [E("Service", E("PaxRefID", p.pid),
                                  E("ServiceAssociations", E("PaxJourneyRef", E("PaxJourneyRefID", jr_id))),
                                  E("ServiceID", uid())) for p in paxes]),
                             E("OwnerCode", car),
                             E("TotalPrice", E("TotalAmount", off["total"], a={"CurCode": "RUB"}))))
    node = E("Shop:Mixvel_AirShoppingRS",
             E("Response",
               E("DataLists", E("PaxJourneyList", *journeys),
                 E("PaxList", [E("Pax", E("PaxID", p.pid), E("PTC", p.ptc)) for p in paxes]),
                 E("PaxSegmentList", *segs)),
               E("OffersGroup", E("CarrierOffers", *offer_nodes))),
             a={"xmlns:Shop": "https://www.mixvel.com/API/XSD/Mixvel_AirShoppingRS/1_00"})
    return offers, node


def airshopping_warning_rs() -> E:
    return E("Shop:Mixvel_AirShoppingRS",
             E("Response", E("Warning", E("Code", "MIX-103006"),
                             E("DescText", "По заданным параметрам не найдено предложений. "
                                           "Попробуйте изменить параметры поиска."),
                             E("LangCode", "Ru"))),
             a={"xmlns:Shop": "https://www.mixvel.com/API/XSD/Mixvel_AirShoppingRS/1_00"})


def offerprice_rs(offer, paxes, base_t) -> E:
    return E("Op:Mixvel_OfferPriceRS",
             E("Response",
               E("DataLists", E("PaxList", [E("Pax", E("PaxID", p.pid), E("PTC", p.ptc)) for p in paxes])),
               E("PricedOffer", E("Offer",
                                  E("OfferExpirationTimeLimitDateTime", (base_t + dt.timedelta(minutes=20)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
                                  E("OfferID", offer["id"]),
                                  E("OfferItem", E("OfferItemID", offer["item"]),
                                    E("Price", E("TotalAmount", f"{offer['price']}.00", a={"CurCode": "RUB"}))),
                                  E("OwnerCode", offer["carrier"]),
                                  E("TotalPrice", E("TotalAmount", offer["total"], a={"CurCode": "RUB"}))))),
             a={"xmlns:Op": "https://www.mixvel.com/API/XSD/Mixvel_OfferPriceRS/1_00"})


def rs_error(name, prefix, ver, error: E) -> E:
    return E(f"{prefix}:Mixvel_{name}", error,
             a={f"xmlns:{prefix}": f"https://www.mixvel.com/API/XSD/Mixvel_{name}/{ver}"})


def new_order_ids(day="261118"):
    n = RNG.randrange(100, 9999)
    letters = "".join(RNG.choice("ABCDEFGHKLMNPRSTUVWXYZ") for _ in range(2))
    return {"mix": f"{AGENT}-{day}-M{letters}{n:04d}", "order": f"{AGENT}-{day}-O{letters}{n + 1:04d}",
            "order2": f"{AGENT}-{day}-O{letters}{n + 2:04d}",
            "pnr": "".join(RNG.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(6)),
            "item": uid()}


def orderview_rs(ids, offer, paxes, status="OPENED", tickets=False, echo_docs=True) -> E:
    cl, pl = pax_nodes(paxes) if echo_docs else (None, E("PaxList", [E("Pax", E("PaxID", p.pid), E("PTC", p.ptc))
                                                                     for p in paxes]))
    tdi = None
    if tickets:
        tdi = [E("TicketDocInfo", E("PaxRefID", p.pid),
                 E("TicketDoc", E("TicketDocNbr", "555" + "".join(str(RNG.randrange(10)) for _ in range(10))),
                   E("TicketDocTypeCode", "T"))) for p in paxes]
    return E("View:Mixvel_OrderViewRS",
             E("Response",
               E("DataLists", cl, pl),
               E("MixOrder", E("MixOrderID", ids["mix"]),
                 E("Order", E("BookingRef", E("BookingID", ids["pnr"]), E("BookingRefTypeCode", "PNR")),
                   E("OrderID", ids["order"]),
                   E("OrderItem", E("OrderItemID", ids["item"]), E("OwnerCode", offer["carrier"]),
                     E("Price", E("TotalAmount", offer["total"], a={"CurCode": "RUB"}))),
                   E("OwnerCode", offer["carrier"]), E("StatusCode", status),
                   E("TotalPrice", E("TotalAmount", offer["total"], a={"CurCode": "RUB"}))),
                 E("TotalAmount", offer["total"], a={"CurCode": "RUB"})),
               tdi),
             a={"xmlns:View": "https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01"})


def ordercancel_rs(mix_id, orders) -> E:
    """orders: list of (order_id, status, warning_text or None)"""
    nodes = []
    for oid, st, warn in orders:
        nodes.append(E("Order", E("OrderID", oid), E("OperationStatus", st),
                       E("Warning", E("DescText", warn), E("LangCode", "Ru")) if warn else None))
    return E("Cancel:Mixvel_OrderCancelRS", E("Response", E("MixOrderRef", E("MixOrderID", mix_id), *nodes)),
             a={"xmlns:Cancel": "https://www.mixvel.com/API/XSD/Mixvel_OrderCancelRS/1_00"})


ISE_TEXT = "Внутренняя ошибка сервиса. Обратитесь в службу технической поддержки, указав номер неисправности {}"


# --------------------------------------------------------------------------------------------------------------------
# Traffic model: a Session produces Calls (one HTTP exchange) and Notes (application log records)
# --------------------------------------------------------------------------------------------------------------------
class Call:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class Note:
    def __init__(self, t, level, logger, msg, lines=None, thread=None, props=None):
        self.t, self.level, self.logger, self.msg = t, level, logger, msg
        self.lines, self.thread, self.props = lines or [], thread, props or {}


class Session:
    def __init__(self, host, start, threads=(12, 14, 17, 21), ind="  "):
        self.host, self.now, self.token, self.ind = host, start, None, ind
        self.threads = threads
        self.items: list = []

    def adv(self, ms):
        self.now += dt.timedelta(milliseconds=ms)

    def note(self, level, logger, msg, lines=None, props=None, thread=None):
        self.items.append(Note(self.now, level, logger, msg, lines, thread or self.threads[0], props))

    def call(self, op, path, rq_node, rs_node=None, elapsed=None, status=200, reason="OK", level1=False,
             reply_to=True, resp_headers=None, exc=None, token=True, thread=None, rq_lines=None, rs_lines=None):
        """Record one HTTP exchange.  rs_node may be a callable(t_resp) -> E, so response content can depend on time."""
        if elapsed is None:
            elapsed = RNG.randrange(250, 2500) + RNG.randrange(10) / 10
        t_req = self.now
        req_id = uid()
        body = rq_lines or envelope({"MessageId": req_id, "TimeSent": ts_req(t_req)}, rq_node, ind=self.ind)
        self.adv(elapsed)
        t_resp = self.now
        if callable(rs_node):
            rs_node = rs_node(t_resp)
        rbody = rs_lines
        if rs_node is not None and rbody is None:
            mi = {"MessageId": uid()}
            if reply_to:
                mi["ReplyTo"] = req_id
            mi["TimeSent"] = ts_rs(t_resp)
            rbody = envelope(mi, rs_node, level1_error=level1, ind=self.ind)
        c = Call(op=op, path=path, url=f"https://{self.host}{path}", host=self.host, t_req=t_req, t_resp=t_resp,
                 elapsed=elapsed, req_id=req_id, token=self.token if token else None, req_body=body,
                 status=status if exc is None else None, reason=reason, resp_headers=resp_headers or [],
                 resp_body=rbody, exc=exc, thread=thread or RNG.choice(self.threads))
        self.items.append(c)
        self.adv(RNG.randrange(30, 400))
        return c

    def login(self, password=PASSWORD_OK, ok=True, code="MIX-100100001", desc="InvalidUsernameOrPassword"):
        self.token = None
        t_token = self.now
        if ok:
            tok = make_jwt(LOGIN, t_token)
            c = self.call("Login", "/api/Accounts/login", login_rq(password), auth_ok(tok),
                          elapsed=RNG.randrange(180, 420) + 0.5)
            self.token = tok
        else:
            c = self.call("Login", "/api/Accounts/login", login_rq(password), auth_err(code, desc),
                          elapsed=RNG.randrange(150, 300) + 0.3)
        return c

    def shop(self, legs, paxes, n=4, rat=40, elapsed=None, legacy=False):
        holder = {}

        def rs(t):
            offers, node = new_offers(legs, paxes, n, t)
            holder["offers"] = offers
            return node
        self.call("AirShopping", "/api/Order/AirShopping", airshopping_rq(legs, paxes, rat, legacy), rs,
                  elapsed=elapsed or RNG.randrange(2100, 8800) + 0.7)
        return holder["offers"]

    def price(self, offer, paxes):
        self.call("OfferPrice", "/api/Order/OfferPrice", offerprice_rq(offer, paxes),
                  lambda t: offerprice_rs(offer, paxes, t), elapsed=RNG.randrange(900, 3400) + 0.2)

    def create(self, offer, paxes, ids=None):
        ids = ids or new_order_ids()
        self.call("OrderCreate", "/api/Order/Create", ordercreate_rq(offer, paxes), orderview_rs(ids, offer, paxes),
                  elapsed=RNG.randrange(3500, 11800) + 0.4)
        return ids

    def retrieve(self, ids, offer, paxes, status="OPENED", tickets=False):
        self.call("OrderRetrieve", "/api/Order/Retrieve", orderretrieve_rq(ids["mix"]),
                  orderview_rs(ids, offer, paxes, status, tickets), elapsed=RNG.randrange(400, 1600) + 0.9)

    def pay(self, ids, offer, paxes, card=False, holder="ANNA PETROVA"):
        self.call("OrderChange", "/api/Order/Change", orderchange_pay_rq(ids["mix"], offer["total"], card, holder),
                  orderview_rs(ids, offer, paxes, "OPENED", tickets=True), elapsed=RNG.randrange(4000, 14000) + 0.1)


# --------------------------------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------------------------------
LOG_HTTP = "Agency.Mixvel.Client.MixvelHttpClient"


def ms3(t):
    return f"{t.microsecond // 1000:03d}"


def hdr_nlog(t, lvl, thread, logger, msg):
    return f"{t:%Y-%m-%d %H:%M:%S}.{t.microsecond // 100:04d}|{lvl}|{logger}|{msg}"


def hdr_nlog5(t, lvl, thread, logger, msg):
    return f"{t:%Y-%m-%d %H:%M:%S}.{t.microsecond // 100:04d}|{lvl}|{thread}|{logger}|{msg}"


def hdr_log4net(t, lvl, thread, logger, msg):
    return f"{t:%Y-%m-%d %H:%M:%S},{ms3(t)} [{thread}] {lvl:<5} {logger} - {msg}"


U3 = {"DEBUG": "DBG", "INFO": "INF", "WARN": "WRN", "ERROR": "ERR", "FATAL": "FTL"}


def hdr_serilog(t, lvl, thread, logger, msg):
    return f"{t:%Y-%m-%d %H:%M:%S}.{ms3(t)} +03:00 [{U3[lvl]}] {msg}"


def hdr_logback(t, lvl, thread, logger, msg):
    return f"{t:%Y-%m-%d %H:%M:%S}.{ms3(t)} {lvl:<5} [{thread}] {logger} - {msg}"


MSGS = {
    "en": ("MixVel {op} request: POST {url} MessageId={mid}",
           "MixVel {op} response: HTTP {status} {reason} in {elapsed} ms",
           "MixVel {op} call failed after {elapsed} ms: POST {url}"),
    "ru": ("Отправка запроса {op} в MixVel: POST {url} MessageId={mid}",
           "Получен ответ MixVel на {op}: HTTP {status} {reason} за {elapsed} мс",
           "Вызов MixVel {op} завершился ошибкой через {elapsed} мс: POST {url}"),
    "serilog": ("Sending {op} to {url} (MessageId {mid})",
                "HTTP POST {url} responded {status} in {elapsed} ms",
                "HTTP POST {url} failed after {elapsed} ms"),
}


def resp_level(c: Call) -> str:
    if c.exc is not None or (c.status and c.status >= 400):
        return "ERROR"
    body = "\n".join(c.resp_body or [])
    if "<Error>" in body:
        return "ERROR"
    if "<Warning>" in body or "<OperationStatus>Failure" in body:
        return "WARN"
    return "INFO"


def fmt_ms(x):
    return f"{x:.1f}" if isinstance(x, float) else str(x)


def req_header_lines(c: Call, body_bytes: int, user_agent="Agency.Booking/4.12.3 (.NET 8.0.11)"):
    h = []
    if c.token:
        h.append(f"Authorization: Bearer {c.token}")
    h += ["Content-Type: application/xml; charset=utf-8", f"Content-Length: {body_bytes}", f"User-Agent: {user_agent}"]
    return h


def render_text(items, hdr, style="en", log_headers=True, user_agent="Agency.Booking/4.12.3 (.NET 8.0.11)",
                http_logger=LOG_HTTP) -> list[str]:
    out = []
    rq_t, rs_t, ex_t = MSGS[style]
    for it in items:
        if isinstance(it, Note):
            out.append(hdr(it.t, it.level, it.thread, it.logger, it.msg))
            out += it.lines
            continue
        c = it
        body_bytes = len(("\n".join(c.req_body)).encode())
        out.append(hdr(c.t_req, "INFO", c.thread, http_logger, rq_t.format(op=c.op, url=c.url, mid=c.req_id)))
        if log_headers:
            out += req_header_lines(c, body_bytes, user_agent)
        out += c.req_body
        if c.exc is not None:
            out.append(hdr(c.t_resp, "ERROR", c.thread, http_logger,
                           ex_t.format(op=c.op, url=c.url, elapsed=fmt_ms(c.elapsed))))
            out += c.exc
            continue
        out.append(hdr(c.t_resp, resp_level(c), c.thread, http_logger,
                       rs_t.format(op=c.op, url=c.url, status=c.status, reason=c.reason, elapsed=fmt_ms(c.elapsed))))
        if log_headers:
            out += c.resp_headers
        if c.resp_body:
            out += c.resp_body
    return out


def clef_t(t):
    u = t.astimezone(UTC)
    return u.strftime("%Y-%m-%dT%H:%M:%S.") + f"{u.microsecond * 10:07d}Z"


CLEF_LEVEL = {"DEBUG": "Debug", "INFO": None, "WARN": "Warning", "ERROR": "Error"}


def render_clef(items, app="Agency.Booking.Api", machine="AGN-BOOK-02") -> list[str]:
    out = []
    for it in items:
        if isinstance(it, Note):
            ev = {"@t": clef_t(it.t), "@mt": it.msg}
            if CLEF_LEVEL[it.level]:
                ev["@l"] = CLEF_LEVEL[it.level]
            if it.lines:
                ev["@x"] = "\n".join(it.lines)
            ev.update(it.props)
            ev.update({"SourceContext": it.logger, "ThreadId": it.thread, "MachineName": machine, "Application": app})
            out.append(json.dumps(ev, ensure_ascii=True, separators=(",", ":")))
            continue
        c = it
        lvl = CLEF_LEVEL[resp_level(c)]
        ev = {"@t": clef_t(c.t_req),
              "@mt": "HTTP {Method} {Url} responded {StatusCode} in {ElapsedMs:0.0} ms ({Operation})"}
        if lvl:
            ev["@l"] = lvl
        ev.update({"Method": "POST", "Url": c.url, "StatusCode": c.status, "ElapsedMs": c.elapsed,
                   "Operation": c.op, "MessageId": c.req_id})
        if c.token:
            ev["RequestHeaders"] = {"Authorization": f"Bearer {c.token}", "Content-Type": "application/xml"}
        ev["RequestBody"] = "\n".join(c.req_body) + "\n"
        ev["ResponseBody"] = "\n".join(c.resp_body or []) + "\n"
        ev.update({"SourceContext": LOG_HTTP, "ThreadId": c.thread, "MachineName": machine, "Application": app})
        out.append(json.dumps(ev, ensure_ascii=True, separators=(",", ":")))
    return out


def render_generic_json(items, logger=LOG_HTTP) -> list[str]:
    out = []
    for it in items:
        if isinstance(it, Note):
            ev = {"timestamp": ts_req(it.t), "level": it.level, "logger": it.logger, "thread": str(it.thread),
                  "message": it.msg}
            ev.update(it.props)
            out.append(json.dumps(ev, ensure_ascii=False))
            continue
        c = it
        out.append(json.dumps({"timestamp": ts_req(c.t_req), "level": "DEBUG", "logger": logger,
                               "thread": str(c.thread), "message": f"POST {c.url}", "operation": c.op,
                               "messageId": c.req_id,
                               "headers": {"Authorization": f"Bearer {c.token}"} if c.token else {},
                               "request": "\n".join(c.req_body)}, ensure_ascii=False))
        out.append(json.dumps({"timestamp": ts_req(c.t_resp), "level": resp_level(c).replace("WARNING", "WARN"),
                               "logger": logger, "thread": str(c.thread),
                               "message": f"HTTP {c.status} {c.reason} POST {c.url} ({c.elapsed} ms)",
                               "operation": c.op, "status": c.status, "elapsedMs": c.elapsed,
                               "response": "\n".join(c.resp_body or [])}, ensure_ascii=False))
    return out


def render_raw(items) -> list[str]:
    out = []
    for c in items:
        if isinstance(c, Note):
            continue
        out += c.req_body + [""]
        if c.resp_body:
            out += c.resp_body + [""]
    return out[:-1]


# --------------------------------------------------------------------------------------------------------------------
# Stack traces
# --------------------------------------------------------------------------------------------------------------------
SRC = r"D:\a\agency-booking\agency-booking\src"


def dotnet_timeout_trace(seconds):
    return [
        f"System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured "
        f"HttpClient.Timeout of {seconds} seconds elapsing.",
        " ---> System.TimeoutException: The operation was canceled.",
        " ---> System.Threading.Tasks.TaskCanceledException: The operation was canceled.",
        " ---> System.IO.IOException: Unable to read data from the transport connection: Операция ввода/вывода была "
        "прервана из-за завершения потока команд или по запросу приложения..",
        " ---> System.Net.Sockets.SocketException (995): Операция ввода/вывода была прервана из-за завершения потока "
        "команд или по запросу приложения.",
        "   --- End of inner exception stack trace ---",
        "   at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.ThrowException(SocketError error, "
        "CancellationToken cancellationToken)",
        "   at System.Net.Security.SslStream.EnsureFullTlsFrameAsync[TIOAdapter](CancellationToken cancellationToken, "
        "Int32 estimatedSize)",
        "   at System.Net.Http.HttpConnection.SendAsync(HttpRequestMessage request, Boolean async, "
        "CancellationToken cancellationToken)",
        "   --- End of inner exception stack trace ---",
        "   at System.Net.Http.HttpConnection.SendAsync(HttpRequestMessage request, Boolean async, "
        "CancellationToken cancellationToken)",
        "   at System.Net.Http.HttpConnectionPool.SendWithVersionDetectionAndRetryAsync(HttpRequestMessage request, "
        "Boolean async, Boolean doRequestAuth, CancellationToken cancellationToken)",
        "   at System.Net.Http.DiagnosticsHandler.SendAsyncCore(HttpRequestMessage request, Boolean async, "
        "CancellationToken cancellationToken)",
        "   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption "
        "completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource "
        "pendingRequestsCts, CancellationToken originalCancellationToken)",
        "   --- End of inner exception stack trace ---",
        "   --- End of inner exception stack trace ---",
        "   at System.Net.Http.HttpClient.HandleFailure(Exception e, Boolean telemetryStarted, HttpResponseMessage "
        "response, CancellationTokenSource cts, CancellationToken cancellationToken, CancellationTokenSource "
        "pendingRequestsCts)",
        "   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption "
        "completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource "
        "pendingRequestsCts, CancellationToken originalCancellationToken)",
        f"   at Agency.Mixvel.Client.MixvelHttpClient.PostAsync[TRequest,TResponse](String path, TRequest request, "
        f"CancellationToken ct) in {SRC}\\Agency.Mixvel.Client\\MixvelHttpClient.cs:line 118",
        f"   at Agency.Mixvel.Client.MixvelOrderClient.CreateOrderAsync(OrderCreateRequest request, CancellationToken "
        f"ct) in {SRC}\\Agency.Mixvel.Client\\MixvelOrderClient.cs:line 64",
        f"   at Agency.Booking.Services.BookingService.BookAsync(BookingCommand command, CancellationToken ct) in "
        f"{SRC}\\Agency.Booking\\Services\\BookingService.cs:line 212",
    ]


def dotnet_auth_trace(code, name):
    return [
        f"Agency.Mixvel.Client.MixvelAuthException: MixVel login failed: {code} {name}",
        f"   at Agency.Mixvel.Client.MixvelTokenProvider.LoginAsync(CancellationToken ct) in "
        f"{SRC}\\Agency.Mixvel.Client\\MixvelTokenProvider.cs:line 57",
        f"   at Agency.Mixvel.Client.MixvelTokenProvider.GetTokenAsync(CancellationToken ct) in "
        f"{SRC}\\Agency.Mixvel.Client\\MixvelTokenProvider.cs:line 31",
        f"   at Agency.Mixvel.Client.MixvelHttpClient.PostAsync[TRequest,TResponse](String path, TRequest request, "
        f"CancellationToken ct) in {SRC}\\Agency.Mixvel.Client\\MixvelHttpClient.cs:line 96",
        f"   at Agency.Booking.Services.SearchService.SearchAsync(SearchCommand command, CancellationToken ct) in "
        f"{SRC}\\Agency.Booking\\Services\\SearchService.cs:line 48",
        "   at Agency.Booking.Api.Controllers.SearchController.Post(SearchRequestDto dto, CancellationToken ct)",
        "   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.TaskOfIActionResultExecutor.Execute("
        "ActionContext actionContext, IActionResultTypeMapper mapper, ObjectMethodExecutor executor, Object "
        "controller, Object[] arguments)",
        "   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.<InvokeActionMethodAsync>g__Awaited|12_0("
        "ControllerActionInvoker invoker, ValueTask`1 actionResultValueTask)",
    ]


def java_dns_trace(path):
    return [
        f'org.springframework.web.client.ResourceAccessException: I/O error on POST request for '
        f'"https://api.mixvel.com{path}": api.mixvel.com',
        "\tat org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
        "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:895)",
        "\tat org.springframework.web.client.RestTemplate.execute(RestTemplate.java:790)",
        "\tat org.springframework.web.client.RestTemplate.postForEntity(RestTemplate.java:539)",
        "\tat ru.agency.mixvel.MixvelClient.post(MixvelClient.java:142)",
        "\tat ru.agency.mixvel.MixvelClient.airShopping(MixvelClient.java:77)",
        "\tat ru.agency.booking.search.SearchService.search(SearchService.java:58)",
        "\tat ru.agency.booking.web.SearchController.search(SearchController.java:41)",
        "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
        "\tat org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)",
        "\tat org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1740)",
        "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
        "Caused by: java.net.UnknownHostException: api.mixvel.com",
        "\tat java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:567)",
        "\tat java.base/java.net.SocksSocketImpl.connect(SocksSocketImpl.java:327)",
        "\tat java.base/java.net.Socket.connect(Socket.java:751)",
        "\tat java.base/sun.security.ssl.SSLSocketImpl.connect(SSLSocketImpl.java:304)",
        "\tat java.base/sun.net.NetworkClient.doConnect(NetworkClient.java:178)",
        "\tat java.base/sun.net.www.http.HttpClient.openServer(HttpClient.java:531)",
        "\tat java.base/sun.net.www.protocol.https.HttpsClient.<init>(HttpsClient.java:266)",
        "\tat java.base/sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection.connect("
        "AbstractDelegateHttpsURLConnection.java:187)",
        "\tat org.springframework.http.client.SimpleClientHttpRequest.executeInternal(SimpleClientHttpRequest.java:79)",
        "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:889)",
        "\t... 10 common frames omitted",
    ]


LEGS_MOW_LED = [("SVO", "LED", "2026-12-05")]
LEGS_MOW_AER = [("VKO", "AER", "2026-12-19")]
LEGS_KZN_MOW = [("KZN", "SVO", "2026-11-27")]
LEGS_MOW_KGD = [("DME", "KGD", "2026-12-02")]


# --------------------------------------------------------------------------------------------------------------------
# Scenarios.  Each returns (lines, spec); spec holds README data and the markers used to compute decisive lines.
# Marker: (label, needle, which) with which = "first" | "last" | "all" | n (1-based occurrence).
# --------------------------------------------------------------------------------------------------------------------
def sc_nlog_internal_error():
    s = Session(PROD, T(2026, 11, 18, 10, 2, 11, 317))
    paxes = [PAX_PETROVA, PAX_PETROV]
    s.login()
    offers = s.shop(LEGS_MOW_LED, paxes, n=4)
    s.adv(48_000)
    s.price(offers[1], paxes)
    s.adv(95_000)
    ticket = uid()
    s.call("OrderCreate", "/api/Order/Create", ordercreate_rq(offers[1], paxes),
           rs_error("OrderViewRS", "View", "1_01",
                    err("InternalServerError", False, "MIX-200002", ISE_TEXT.format(ticket), ticket=ticket)),
           elapsed=6417.3, reply_to=False)
    s.note("ERROR", "Agency.Booking.Services.BookingService",
           f"Order creation failed for offer {offers[1]['id']}: MixVel error MIX-200002 (InternalServerError, "
           f"CanRetry=false, TicketId={ticket})")
    s.adv(120_000)
    offers2 = s.shop(LEGS_MOW_AER, [PAX_SMIRNOV], n=3)
    s.adv(30_000)
    s.price(offers2[0], [PAX_SMIRNOV])
    lines = render_text(s.items, hdr_nlog)
    spec = dict(verdict="platform", scenario="OrderCreate answered with level-2 `Mixvel_OrderViewRS/Error` "
                "InternalServerError MIX-200002, CanRetry=false, TicketId (repeated in Russian DescText); no ReplyTo "
                "(as observed for this error). Login/AirShopping/OfferPrice before and after are fine.",
                codes=f"MIX-200002, TicketId `{ticket}`",
                markers=[("`<Error>` (decisive)", "<Error>", "first"),
                         ("ErrorType InternalServerError", "<ErrorType>InternalServerError", "first"),
                         ("CanRetry false", "<CanRetry>false", "first"),
                         ("TicketId", f"<TicketId>{ticket}", "first"),
                         ("Code", "<Code>MIX-200002", "first"),
                         ("app ERROR record", "|ERROR|Agency.Booking.Services.BookingService|", "first")])
    return lines, spec


def sc_log4net_wrong_password():
    s = Session(PROD, T(2026, 11, 18, 8, 30, 4, 88), threads=(1, 9, 12, 15))
    s.login(PASSWORD_OK)
    offers = s.shop(LEGS_KZN_MOW, [PAX_KUZNETSOVA], n=3)
    s.adv(60_000)
    s.price(offers[0], [PAX_KUZNETSOVA])
    s.now = T(2026, 11, 18, 14, 7, 52, 611)
    s.note("INFO", "Agency.Booking.Program", "Application starting. Version 4.12.4, environment Production")
    s.note("INFO", "Agency.Mixvel.Client.MixvelTokenProvider",
           f"Logging in to MixVel as {LOGIN} (StructureUnitID {SU_ID})")
    s.login(PASSWORD_BAD, ok=False)
    s.note("ERROR", "Agency.Mixvel.Client.MixvelTokenProvider",
           "MixVel login failed: MIX-100100001 InvalidUsernameOrPassword",
           dotnet_auth_trace("MIX-100100001", "InvalidUsernameOrPassword"))
    s.adv(30_000)
    s.login(PASSWORD_BAD, ok=False)
    s.note("ERROR", "Agency.Mixvel.Client.MixvelTokenProvider",
           "MixVel login failed: MIX-100100001 InvalidUsernameOrPassword",
           dotnet_auth_trace("MIX-100100001", "InvalidUsernameOrPassword"))
    lines = render_text(s.items, hdr_log4net)
    spec = dict(verdict="customer", scenario="Morning login and calls succeed; after a restart at 14:07 the login "
                "with a changed password is refused: `AuthResponse/Error` MIX-100100001 InvalidUsernameOrPassword "
                "(twice), each followed by a .NET `MixvelAuthException` stack trace.",
                codes="MIX-100100001 InvalidUsernameOrPassword (BadRequest, CanRetry=false)",
                markers=[("first `<Error>` in AuthResponse (decisive)", "<Error>", "first"),
                         ("Code", "<Code>MIX-100100001", "all"),
                         ("exception", "Agency.Mixvel.Client.MixvelAuthException", "all")])
    return lines, spec


def sc_serilog_timeout():
    s = Session(PROD, T(2026, 11, 18, 11, 40, 2, 5))
    paxes = [PAX_ORLOV, PAX_ORLOVA]
    s.login()
    offers = s.shop(LEGS_MOW_KGD, paxes, n=5)
    s.adv(70_000)
    s.price(offers[2], paxes)
    s.adv(42_000)
    s.call("OrderCreate", "/api/Order/Create", ordercreate_rq(offers[2], paxes, rat=40), None,
           elapsed=30001.6, exc=dotnet_timeout_trace(30))
    s.note("ERROR", "Agency.Booking.Services.BookingService",
           f"Booking failed for offer {offers[2]['id']}: MixVel did not answer within 30 s")
    s.adv(15_000)
    offers2 = s.shop(LEGS_MOW_AER, [PAX_SMIRNOV], n=3)
    lines = render_text(s.items, hdr_serilog, style="serilog")
    spec = dict(verdict="customer", scenario="OrderCreate sent with `PayloadAttributes/ResponseAfterTimeout`=40; "
                "the client aborts after 30 s (`TaskCanceledException ... HttpClient.Timeout of 30 seconds`). The "
                "client timeout is shorter than ResponseAfterTimeout + 2 s: client misconfiguration.",
                codes="no MixVel code; ResponseAfterTimeout 40 vs HttpClient.Timeout 30 s",
                markers=[("exception (decisive)", "System.Threading.Tasks.TaskCanceledException: The request", "first"),
                         ("ResponseAfterTimeout in the OrderCreate request", "<ResponseAfterTimeout>40", "first", "Sending OrderCreate"),
                         ("OrderCreate request record", "Sending OrderCreate", "first")])
    return lines, spec


VOID_TEXT = ("Аннулирование заказа невозможно: истёк период аннулирования (15 минут с момента оплаты). "
             "Для возврата используйте OrderReshop и OrderChange.")


def sc_clef_void_window():
    s = Session(PROD, T(2026, 11, 18, 10, 58, 40, 120), threads=(8, 11, 23, 27))
    paxes = [PAX_PETROVA]
    s.login()
    offers = s.shop(LEGS_MOW_LED, paxes, n=3)
    s.adv(35_000)
    s.price(offers[0], paxes)
    s.adv(61_000)
    ids = s.create(offers[0], paxes)
    s.now = T(2026, 11, 18, 11, 20, 5, 402)
    t_pay = s.now
    s.pay(ids, offers[0], paxes, card=True)
    s.note("INFO", "Agency.Booking.Services.PaymentService",
           "Order {MixOrderId} paid and ticketed, amount {Amount} RUB",
           props={"MixOrderId": ids["mix"], "Amount": offers[0]["total"]})
    s.now = T(2026, 11, 18, 11, 30, 12, 950)
    s.retrieve(ids, offers[0], paxes, tickets=True)
    s.now = t_pay + dt.timedelta(minutes=40, seconds=3, milliseconds=317)
    s.note("INFO", "Agency.Booking.Services.CancellationService",
           "Customer requested cancellation of {MixOrderId}; trying void", props={"MixOrderId": ids["mix"]})
    s.call("OrderCancel", "/api/Order/Cancel", ordercancel_rq(ids["mix"]),
           rs_error("OrderCancelRS", "Cancel", "1_00", err("BadRequest", False, "MIX-106004", VOID_TEXT)),
           elapsed=812.4)
    s.note("ERROR", "Agency.Booking.Services.CancellationService",
           "Void of {MixOrderId} failed: {ErrorCode} {ErrorText}",
           props={"MixOrderId": ids["mix"], "ErrorCode": "MIX-106004", "ErrorText": VOID_TEXT})
    lines = render_clef(s.items)
    spec = dict(verdict="customer", scenario="Serilog CLEF: OrderChange (card payment, ticketing) at 11:20:05, then "
                "OrderCancel (void) at 12:00:08, 40 min later, refused with level-2 BadRequest: the ~15 min void "
                "window has expired. Information events have no `@l` (CLEF convention). Russian DescText is written "
                "as `\\uXXXX` escapes. **MIX-106004 is illustrative** (not in the known code table); classify by "
                "ErrorType=BadRequest and the OrderChange→OrderCancel gap.",
                codes="MIX-106004 (illustrative), BadRequest, CanRetry=false; payment→void gap 40 min",
                markers=[("OrderChange (payment) event", '"Operation":"OrderChange"', "first"),
                         ("OrderCancel event with `<Error>` (decisive)", '"Operation":"OrderCancel"', "first"),
                         ("app error event", "Void of {MixOrderId} failed", "first")])
    return lines, spec


def sc_json_no_offers():
    s = Session(PROD, T(2026, 11, 18, 16, 12, 30, 771), threads=(31, 32, 35))
    paxes = [PAX_SMIRNOV]
    lg = "ru.agency.booking.mixvel.MixvelGateway"
    s.login()
    s.call("AirShopping", "/api/Order/AirShopping",
           airshopping_rq([("SVO", "DYR", "2026-11-20")], paxes), airshopping_warning_rs(), elapsed=3120.0)
    s.note("WARN", "ru.agency.booking.search.SearchService",
           "AirShopping returned no offers (warning MIX-103006) for SVO-DYR 2026-11-20", props={"offers": 0})
    s.adv(40_000)
    offers = s.shop([("SVO", "DYR", "2026-11-23")], paxes, n=2)
    s.adv(25_000)
    s.price(offers[0], paxes)
    lines = render_generic_json(s.items, logger=lg)
    spec = dict(verdict="none", scenario="Generic JSON lines (UTF-8, Russian unescaped). AirShopping SVO→DYR "
                "returns only the level-3 `Response/Warning` MIX-103006 (no offers); a later search with another "
                "date returns offers. Business result, not a fault.",
                codes="MIX-103006 (Warning)",
                markers=[("AirShopping response with `<Warning>` (decisive)", "MIX-103006", "first"),
                         ("app WARN record", "AirShopping returned no offers", "first")])
    return lines, spec


def curl_tls(host, ip):
    return [f"*   Trying {ip}:443...", f"* Connected to {host} ({ip}) port 443 (#0)", "* ALPN: offers http/1.1",
            "*  CAfile: /etc/ssl/certs/ca-certificates.crt", "*  CApath: /etc/ssl/certs",
            "* TLSv1.3 (OUT), TLS handshake, Client hello (1):", "* TLSv1.3 (IN), TLS handshake, Server hello (2):",
            "* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):", "* TLSv1.3 (IN), TLS handshake, Certificate (11):",
            "* TLSv1.3 (IN), TLS handshake, CERT verify (15):", "* TLSv1.3 (IN), TLS handshake, Finished (20):",
            "* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):",
            "* TLSv1.3 (OUT), TLS handshake, Finished (20):",
            "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384", "* ALPN: server accepted http/1.1",
            "* Server certificate:", "*  subject: CN=*.mixvel.com", "*  start date: Mar 11 00:00:00 2026 GMT",
            "*  expire date: Apr  9 23:59:59 2027 GMT", f"*  subjectAltName: host \"{host}\" matched cert's \"*.mixvel.com\"",
            "*  issuer: C=BE; O=GlobalSign nv-sa; CN=GlobalSign GCC R6 AlphaSSL CA 2025",
            "*  SSL certificate verify ok."]


def http_date(t):
    return t.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def sc_curl_504():
    t0 = T(2026, 11, 18, 12, 4, 10, 0)
    token = make_jwt(LOGIN, t0)
    paxes = [PAX_KUZNETSOVA]
    offer = {"id": uid(), "item": uid()}
    req_login = envelope({"MessageId": uid(), "TimeSent": ts_req(t0)}, login_rq(PASSWORD_OK))
    resp_login = envelope({"MessageId": uid(), "ReplyTo": "", "TimeSent": ts_rs(t0 + dt.timedelta(seconds=1))},
                          auth_ok(token))
    t1 = T(2026, 11, 18, 12, 6, 41, 0)
    req_create = envelope({"MessageId": uid(), "TimeSent": ts_req(t1)}, ordercreate_rq(offer, paxes))
    body_login = "\n".join(req_login) + "\n"
    body_create = "\n".join(req_create) + "\n"
    ip = "185.71.67.50"
    L = ["$ cat login.xml"] + req_login + [
        f'$ curl -v -sS -X POST https://{PROD}/api/Accounts/login -H "Content-Type: application/xml" '
        f'--data-binary @login.xml -w "\\ntime_total: %{{time_total}}\\n"'] + curl_tls(PROD, ip) + [
        "> POST /api/Accounts/login HTTP/1.1", f"> Host: {PROD}", "> User-Agent: curl/8.5.0", "> Accept: */*",
        "> Content-Type: application/xml", f"> Content-Length: {len(body_login.encode())}", ">",
        "} [" + str(len(body_login.encode())) + " bytes data]",
        "* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):", "< HTTP/1.1 200 OK", "< Server: nginx",
        f"< Date: {http_date(t0 + dt.timedelta(seconds=1))}", "< Content-Type: application/xml; charset=utf-8",
        "< Transfer-Encoding: chunked", "< Connection: keep-alive",
        "< Strict-Transport-Security: max-age=31536000", "<", "{ [1245 bytes data]"] + resp_login + [
        f"* Connection #0 to host {PROD} left intact", "time_total: 0.412388",
        "$ cat ordercreate.xml"] + req_create + [
        f'$ curl -v -sS -X POST https://{PROD}/api/Order/Create -H "Content-Type: application/xml" '
        f'-H "Authorization: Bearer {token}" --data-binary @ordercreate.xml -w "\\ntime_total: %{{time_total}}\\n"'
    ] + curl_tls(PROD, ip) + [
        "> POST /api/Order/Create HTTP/1.1", f"> Host: {PROD}", "> User-Agent: curl/8.5.0", "> Accept: */*",
        "> Content-Type: application/xml", f"> Authorization: Bearer {token}",
        f"> Content-Length: {len(body_create.encode())}", ">", "} [" + str(len(body_create.encode())) + " bytes data]",
        "* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):",
        "< HTTP/1.1 504 Gateway Time-out", "< Server: nginx", f"< Date: {http_date(t1 + dt.timedelta(seconds=60))}",
        "< Content-Type: text/html", "< Content-Length: 160", "< Connection: keep-alive", "<",
        "{ [160 bytes data]", "<html>", "<head><title>504 Gateway Time-out</title></head>", "<body>",
        "<center><h1>504 Gateway Time-out</h1></center>", "<hr><center>nginx</center>", "</body>", "</html>",
        f"* Connection #0 to host {PROD} left intact", "time_total: 60.013927"]
    # the ReplyTo of the login response must point to the login request
    req_mid = req_login[4].split('MessageId="')[1].split('"')[0]
    L = [x.replace('ReplyTo=""', f'ReplyTo="{req_mid}"') for x in L]
    spec = dict(verdict="platform", scenario="curl -v session: login 200 OK, then OrderCreate "
                "(ResponseAfterTimeout 40) answered after 60 s by the MixVel gateway's nginx with "
                "`504 Gateway Time-out` and an HTML body: the gateway gave up on the backend (platform, gateway). "
                "Request bodies are shown with `cat`; `Authorization` appears both on the command line and in "
                "the `>` headers.",
                codes="HTTP 504 (nginx), time_total 60.01 s, no MixVel error body",
                markers=[("`< HTTP/1.1 504 Gateway Time-out` (decisive)", "< HTTP/1.1 504", "first"),
                         ("HTML error body", "<title>504 Gateway Time-out", "first"),
                         ("`> POST /api/Order/Create`", "> POST /api/Order/Create", "first")])
    return L, spec


PROXY_USER = "AGENCY\\svc-booking"
PROXY_PASS = secret("proxy password", "Pr0xy-Winter26")
PROXY_B64 = secret("proxy Basic credentials (`Proxy-Authorization`)",
                   base64.b64encode(f"{PROXY_USER}:{PROXY_PASS}".encode()).decode())


def sc_curl_407():
    t0 = T(2026, 11, 18, 9, 12, 3, 0)
    req_login = envelope({"MessageId": uid(), "TimeSent": ts_req(t0)}, login_rq(PASSWORD_OK))
    body = "\n".join(req_login) + "\n"
    proxy, pip = "proxy.agency.local", "10.20.0.15"

    def attempt(with_auth):
        cmd = (f'$ curl -v -sS -x http://{proxy}:3128 ' + (f'-U "{PROXY_USER}:{PROXY_PASS}" ' if with_auth else "")
               + f'-X POST https://{PROD}/api/Accounts/login -H "Content-Type: application/xml" --data-binary @login.xml')
        out = [cmd, f"*   Trying {pip}:3128...", f"* Connected to {proxy} ({pip}) port 3128 (#0)",
               "* allocate connect buffer", f"* Establish HTTP proxy tunnel to {PROD}:443"]
        if with_auth:
            out.append(f"* Proxy auth using Basic with user '{PROXY_USER}'")
        out += [f"> CONNECT {PROD}:443 HTTP/1.1", f"> Host: {PROD}:443"]
        if with_auth:
            out.append(f"> Proxy-Authorization: Basic {PROXY_B64}")
        out += ["> User-Agent: curl/8.5.0", "> Proxy-Connection: Keep-Alive", ">",
                "< HTTP/1.1 407 Proxy Authentication Required", "< Server: squid/5.7",
                "< Mime-Version: 1.0", f"< Date: {http_date(t0)}", "< Content-Type: text/html;charset=utf-8",
                "< Content-Length: 3579", "< X-Squid-Error: ERR_CACHE_ACCESS_DENIED 0",
                "< Vary: Accept-Language", "< Content-Language: en",
                '< Proxy-Authenticate: Basic realm="Agency proxy"', "< Proxy-Authenticate: NTLM",
                f"< X-Cache: MISS from {proxy}", f"< Via: 1.1 {proxy} (squid/5.7)", "< Connection: keep-alive", "<",
                "* Ignore 3579 bytes of response-body", "* CONNECT tunnel failed, response 407",
                "* Closing connection", "curl: (56) CONNECT tunnel failed, response 407"]
        return out
    L = ["$ cat login.xml"] + req_login + ["$ export https_proxy=" + f"http://{proxy}:3128", ""] + attempt(False) + \
        [""] + attempt(True)
    spec = dict(verdict="customer", scenario="curl -v through the agency's own Squid proxy: the CONNECT to "
                "api.mixvel.com:443 is refused by the proxy with `407 Proxy Authentication Required` (without and "
                "with wrong Basic credentials). The request never reached MixVel: customer network.",
                codes="HTTP 407 from squid (proxy.agency.local), curl: (56)",
                markers=[("first `< HTTP/1.1 407` (decisive)", "< HTTP/1.1 407", "first"),
                         ("all 407 lines", "< HTTP/1.1 407", "all"),
                         ("curl exit", "curl: (56)", "all")])
    return L, spec


def sc_raw_malformed():
    s = Session(PROD, T(2026, 11, 18, 13, 25, 44, 203))
    s.login()
    offers = s.shop(LEGS_MOW_AER, [PAX_SMIRNOV], n=2)
    s.adv(20_000)
    ids = new_order_ids("261117")
    good = envelope({"MessageId": uid(), "TimeSent": ts_req(s.now)}, orderretrieve_rq(ids["mix"]))
    bad = [x.replace("<o:Mixvel_OrderRetrieveRQ", "<ord:Mixvel_OrderRetrieveRQ")
            .replace("</o:Mixvel_OrderRetrieveRQ", "</ord:Mixvel_OrderRetrieveRQ") for x in good]
    ln = next(i for i, x in enumerate(bad) if "<ord:" in x)
    pos = bad[ln].index("<ord:") + 2
    parser = f"'ord' is an undeclared prefix. Line {ln + 1}, position {pos}."
    desc = f"Не удалось распознать XML-запрос. {parser}"
    s.call("OrderRetrieve", "/api/Order/Retrieve", None, err("BadRequest", False, "MIX-100000", desc),
           rq_lines=bad, level1=True, reply_to=False, elapsed=38.2)
    lines = render_raw(s.items)
    spec = dict(verdict="customer", scenario="Raw dump of envelopes (no log prefix; times only in "
                "`MessageInfo/@TimeSent`): login RQ/RS, AirShopping RQ/RS, then an OrderRetrieveRQ whose root uses "
                "the undeclared prefix `ord:` (declared as `o:`) — the dumped request itself is not namespace-"
                f"well-formed — answered with a level-1 `Envelope/Body/Error` MIX-100000 BadRequest: \"{parser}\" "
                "(no ReplyTo, as observed).",
                codes="MIX-100000 BadRequest, CanRetry=false",
                markers=[("malformed root `<ord:Mixvel_OrderRetrieveRQ`", "<ord:Mixvel_OrderRetrieveRQ", "first"),
                         ("level-1 `<Error>` (decisive)", "<Error>", "first"),
                         ("Code", "<Code>MIX-100000", "first"),
                         ("DescText with parser message", "undeclared prefix", "first")])
    return lines, spec


def provider_err(retry_after, carrier="S7"):
    return err("ProviderError", True, "MIX-300001",
               f"Ошибка поставщика: авиакомпания {carrier} временно не отвечает на запросы. "
               f"Повторите запрос через {retry_after} секунд.", retry_after=retry_after)


def sc_raw_provider():
    s = Session(PROD, T(2026, 11, 18, 15, 2, 9, 540))
    paxes = [PAX_ORLOV, PAX_ORLOVA]
    offers = [{"id": uid(), "item": uid(), "price": 7450, "total": "14900.00", "carrier": "S7"}]
    s.price(offers[0], paxes)
    s.adv(41_000)
    s.call("OrderCreate", "/api/Order/Create", ordercreate_rq(offers[0], paxes),
           rs_error("OrderViewRS", "View", "1_01", provider_err(30)), elapsed=17342.0)
    lines = render_raw(s.items)
    spec = dict(verdict="provider", scenario="Raw dump: OfferPrice RQ/RS OK, then OrderCreate answered with level-2 "
                "`Mixvel_OrderViewRS/Error` ErrorType=ProviderError, CanRetry=true, RetryAfter=30 (the airline did "
                "not answer). Not the customer's and not MixVel core: retry after 30 s. **MIX-300001 is "
                "illustrative** (no ProviderError codes are known); classify by ErrorType.",
                codes="ProviderError, CanRetry=true, RetryAfter=30, MIX-300001 (illustrative)",
                markers=[("`<Error>` (decisive)", "<Error>", "first"),
                         ("ErrorType ProviderError", "<ErrorType>ProviderError", "first"),
                         ("CanRetry true", "<CanRetry>true", "first"),
                         ("RetryAfter", "<RetryAfter>30", "first")])
    return lines, spec


def sc_java_dns():
    s = Session(PROD, T(2026, 11, 18, 10, 0, 3, 411), threads=("http-nio-8080-exec-3", "http-nio-8080-exec-7",
                                                                  "http-nio-8080-exec-1"))
    paxes = [PAX_SMIRNOV]
    s.token = None
    s.login(PASSWORD_JAVA)
    offers = s.shop(LEGS_KZN_MOW, paxes, n=3)
    s.adv(50_000)
    s.price(offers[1], paxes)
    s.now = T(2026, 11, 18, 10, 41, 17, 52)
    s.note("WARN", "o.s.b.a.n.NetworkConfig", "DNS server 10.20.0.2 unreachable, falling back to 10.20.0.3",
           thread="main")
    for i in range(3):
        s.call("AirShopping", "/api/Order/AirShopping", airshopping_rq(LEGS_MOW_LED, paxes), None,
               elapsed=5004.0 + i, exc=java_dns_trace("/api/Order/AirShopping"))
        s.note("ERROR", "r.a.booking.search.SearchService", "Search failed, will show error page to the operator",
               thread=s.items[-1].thread)
        s.adv(20_000 + 7_000 * i)
    lines = render_text(s.items, hdr_logback, log_headers=True, user_agent="Java/21.0.5",
                        http_logger="r.a.mixvel.MixvelClient")
    spec = dict(verdict="customer", scenario="Java/Spring (logback) integration: login and searches OK at 10:00, "
                "then from 10:41 every call fails before reaching MixVel: `ResourceAccessException` caused by "
                "`java.net.UnknownHostException: api.mixvel.com` (agency DNS). Customer network.",
                codes="java.net.UnknownHostException: api.mixvel.com (3x), no HTTP status",
                markers=[("first `Caused by: java.net.UnknownHostException` (decisive)",
                          "Caused by: java.net.UnknownHostException", "first"),
                         ("all UnknownHostException lines", "Caused by: java.net.UnknownHostException", "all"),
                         ("first ERROR header", "ERROR [http-nio", "first")])
    return lines, spec


def sc_retry_storm():
    """Returns (short_lines, long_lines, spec)."""
    s = Session(PROD, T(2026, 11, 18, 17, 3, 20, 6), threads=(6, 19, 22, 40))
    paxes = [PAX_KUZNETSOVA]
    s.login()
    s.shop(LEGS_MOW_KGD, paxes, n=3)
    s.adv(30_000)
    legs = [("LED", "OVB", "2026-12-11")]
    node = airshopping_rq(legs, paxes)
    s.call("AirShopping", "/api/Order/AirShopping", node, rs_error("AirShoppingRS", "Shop", "1_00", provider_err(60)),
           elapsed=8120.5, thread=19)
    t_first = s.now
    for i in range(1, 13):
        s.adv(RNG.randrange(250, 450))
        s.note("WARN", "Agency.Booking.Services.SearchService", f"AirShopping failed, retrying ({i}/12)", thread=19)
        s.call("AirShopping", "/api/Order/AirShopping", node,
               rs_error("AirShoppingRS", "Shop", "1_00", provider_err(60)),
               elapsed=RNG.randrange(280, 700) + 0.5, thread=19)
    last_send = [it for it in s.items if isinstance(it, Call)][-1].t_req
    assert (last_send - t_first).total_seconds() < 20, (last_send - t_first)
    s.note("ERROR", "Agency.Booking.Services.SearchService",
           "AirShopping LED-OVB 2026-12-11 failed after 12 retries: ProviderError MIX-300001", thread=19)
    n_short = len(s.items)
    # continuation, only in the longer (truncated) log
    s.adv(180_000)
    for k in range(7):
        p = [PAX_SMIRNOV] if k % 2 else [PAX_ORLOV, PAX_ORLOVA]
        offers = s.shop([LEGS_MOW_LED, LEGS_MOW_AER, LEGS_KZN_MOW, LEGS_MOW_KGD][k % 4], p, n=5)
        s.adv(RNG.randrange(20_000, 90_000))
        s.price(offers[0], p)
        s.adv(RNG.randrange(20_000, 90_000))
        ids = s.create(offers[0], p)
        s.adv(RNG.randrange(60_000, 300_000))
        s.retrieve(ids, offers[0], p)
        s.adv(RNG.randrange(60_000, 300_000))
    short = render_text(s.items[:n_short], hdr_nlog)
    long = render_text(s.items, hdr_nlog)
    assert long[:len(short)] == short
    spec = dict(verdict="provider + customer (retry storm)", scenario="AirShopping LED→OVB gets level-2 "
                "ProviderError CanRetry=true RetryAfter=60; the client re-sends the identical request 12 times "
                "within 20 s (ignoring RetryAfter), each answered with the same ProviderError. Provider fault, plus "
                "customer misuse (retry storm). **MIX-300001 is illustrative.**",
                codes="ProviderError, CanRetry=true, RetryAfter=60, MIX-300001 (illustrative); 12 re-sends < 20 s",
                markers=[("first ProviderError `<Error>` (decisive)", "<Error>", "first"),
                         ("RetryAfter", "<RetryAfter>60", "first"),
                         ("retry WARN records (each followed by the re-sent AirShopping request)", "|WARN|Agency.Booking.Services.SearchService|AirShopping failed, retrying", "all"),
                         ("give-up ERROR", "failed after 12 retries", "first")])
    return short, long, spec


def sc_stand_mismatch():
    s = Session(TEST, T(2026, 11, 18, 10, 30, 0, 914))
    paxes = [PAX_ORLOV]
    s.login(PASSWORD_TEST)
    offers = s.shop(LEGS_MOW_LED, paxes, n=3)
    s.adv(40_000)
    s.price(offers[0], paxes)
    s.adv(55_000)
    ids = s.create(offers[0], paxes)
    s.adv(20_000)
    s.retrieve(ids, offers[0], paxes)
    s.adv(300_000)
    s.note("INFO", "Agency.Booking.Legacy.LowFareCalendar", "Building low-fare calendar SVO-AER 2026-12-19 +/- 3 days")
    xsd = ("The element 'OriginDepCriteria' in namespace '' has invalid child element 'IATA_LocationCode'. "
           "List of possible elements expected: 'LocationCode'.")
    desc = f"Не удалось распознать XML-запрос. {xsd}"
    s.call("AirShopping", "/api/Order/AirShopping", airshopping_rq([("SVO", "AER", "2026-12-19")], paxes, legacy=True),
           err("BadRequest", False, "MIX-100000", desc), level1=True, reply_to=False, elapsed=41.7)
    s.note("ERROR", "Agency.Booking.Legacy.LowFareCalendar", "Calendar search failed: MIX-100000 BadRequest")
    lines = render_text(s.items, hdr_nlog)
    spec = dict(verdict="customer (+ stand mismatch finding with `--stand PROD`)", scenario="All traffic goes to "
                "the TEST stand `api-test.mixvel.com` (login, AirShopping, OfferPrice, OrderCreate, OrderRetrieve all "
                "OK); analysed with `--stand PROD` this is a stand mismatch. A legacy calendar module then sends an "
                "AirShoppingRQ with the removed `IATA_LocationCode` (removed in 1.5.0) in Origin/Dest criteria and "
                "gets a level-1 `Envelope/Body/Error` BadRequest MIX-100000 with the XSD message "
                "\"The element 'OriginDepCriteria' ... has invalid child element 'IATA_LocationCode'\".",
                codes="host api-test.mixvel.com; MIX-100000 BadRequest (XSD), `IATA_LocationCode`",
                markers=[("first TEST-host URL", "https://api-test.mixvel.com/", "first"),
                         ("`<IATA_LocationCode>` in the request", "<IATA_LocationCode>", "first"),
                         ("level-1 `<Error>` (decisive)", "<Error>", "first"),
                         ("Code", "<Code>MIX-100000", "first"),
                         ("DescText with XSD message", "has invalid child element 'IATA_LocationCode'", "first")])
    return lines, spec


def sc_token_expired():
    s = Session(PROD, T(2026, 11, 17, 9, 0, 12, 377), threads=(5, 7, 13, 16))
    paxes = [PAX_PETROVA, PAX_PETROV]
    s.note("INFO", "Agency.Booking.Program", "Service started, MixVel endpoint https://api.mixvel.com")
    c = s.login()
    token_exp = c.t_resp.astimezone(UTC) + dt.timedelta(hours=24)
    offers = s.shop(LEGS_MOW_LED, paxes, n=3)
    s.adv(45_000)
    s.price(offers[0], paxes)
    s.adv(70_000)
    ids = s.create(offers[0], paxes, new_order_ids("261117"))
    for h, m, legs in ((11, 34, LEGS_MOW_AER), (14, 10, None), (17, 47, LEGS_KZN_MOW), (21, 5, LEGS_MOW_KGD)):
        s.now = T(2026, 11, 17, h, m, RNG.randrange(60), RNG.randrange(1000))
        if legs:
            s.shop(legs, [PAX_SMIRNOV], n=2)
        else:
            s.retrieve(ids, offers[0], paxes)
    s.now = T(2026, 11, 18, 9, 1, 7, 845)
    exp_s = token_exp.strftime("%m/%d/%Y %H:%M:%S")
    hdr401 = [f'WWW-Authenticate: Bearer error="invalid_token", error_description="The token expired at \'{exp_s}\'"',
              "Content-Length: 0"]
    for i in range(2):
        s.call("AirShopping", "/api/Order/AirShopping", airshopping_rq(LEGS_MOW_AER, [PAX_SMIRNOV]), None,
               status=401, reason="Unauthorized", resp_headers=hdr401, elapsed=11.4 + i)
        s.note("ERROR", "Agency.Booking.Services.SearchService", "MixVel returned 401 Unauthorized for AirShopping")
        s.adv(33_000)
    s.call("OrderRetrieve", "/api/Order/Retrieve", orderretrieve_rq(ids["mix"]),
           err("BadRequest", False, "MIX-100100002", "AuthenticationFailed"), level1=True, reply_to=False,
           status=401, reason="Unauthorized", resp_headers=["Content-Type: application/xml; charset=utf-8"],
           elapsed=14.9)
    s.note("ERROR", "Agency.Booking.Services.OrderService", f"Cannot retrieve order {ids['mix']}: AuthenticationFailed")
    lines = render_text(s.items, hdr_nlog5)
    spec = dict(verdict="customer", scenario="NLog with a 5-field layout (`date|LEVEL|threadid|logger|message`). "
                "Login once at 2026-11-17 09:00:12, calls OK all day with the same token; from 2026-11-18 09:01 "
                "(24 h later) every call gets HTTP 401 (`WWW-Authenticate: Bearer error=\"invalid_token\"... token "
                "expired`) and then a level-1 envelope error. The client never re-logs in. **MIX-100100002 in the "
                "level-1 body is illustrative** for an expired-token response.",
                codes="HTTP 401 invalid_token; MIX-100100002 AuthenticationFailed (illustrative here); "
                      "24 h since login",
                markers=[("login request", "MixVel Login request", "first"),
                         ("first HTTP 401 response (decisive)", "HTTP 401 Unauthorized", "first"),
                         ("WWW-Authenticate", "WWW-Authenticate: Bearer error=\"invalid_token\"", "first"),
                         ("level-1 `<Error>`", "<Error>", "first"),
                         ("Code", "<Code>MIX-100100002", "first")])
    return lines, spec


def sc_cancel_nothing_left():
    s = Session(PROD, T(2026, 11, 18, 12, 44, 31, 660))
    paxes = [PAX_KUZNETSOVA]
    offer = {"id": uid(), "item": uid(), "price": 9870, "total": "9870.00", "carrier": "U6"}
    ids = new_order_ids("261117")
    s.login()
    s.retrieve(ids, offer, paxes)
    s.adv(25_000)
    s.note("INFO", "Agency.Booking.Services.CancellationService", f"Operator cancels unpaid order {ids['mix']}")
    s.call("OrderCancel", "/api/Order/Cancel", ordercancel_rq(ids["mix"]),
           ordercancel_rs(ids["mix"], [(ids["order"], "Success", None)]), elapsed=2210.8)
    s.adv(4_000)
    offers = s.shop(LEGS_MOW_AER, paxes, n=3)
    s.now = T(2026, 11, 18, 12, 50, 0, 12)
    s.note("INFO", "Agency.Booking.Jobs.ExpiredBookingsJob", f"Cancelling unpaid booking {ids['mix']} (time limit reached)")
    s.call("OrderCancel", "/api/Order/Cancel", ordercancel_rq(ids["mix"]),
           rs_error("OrderCancelRS", "Cancel", "1_00",
                    err("BadRequest", False, "MIX-106001", "В заказе нет позиций, доступных для отмены.")),
           elapsed=640.3)
    s.note("ERROR", "Agency.Booking.Jobs.ExpiredBookingsJob", f"OrderCancel {ids['mix']} failed: MIX-106001")
    lines = render_text(s.items, hdr_nlog)
    spec = dict(verdict="customer", scenario="An unpaid order is cancelled successfully by the operator at 12:45; "
                "at 12:50 a background job sends OrderCancel again for the same MixOrder and gets level-2 "
                "`Mixvel_OrderCancelRS/Error` MIX-106001 (NoOrdersToCancel): business-state conflict on the customer "
                "side.",
                codes="MIX-106001 (NoOrdersToCancel), BadRequest, CanRetry=false",
                markers=[("successful OperationStatus", "<OperationStatus>Success", "first"),
                         ("`<Error>` (decisive)", "<Error>", "first"),
                         ("Code", "<Code>MIX-106001", "first")])
    return lines, spec


def sc_cancel_partial():
    s = Session(PROD, T(2026, 11, 18, 15, 31, 2, 118))
    paxes = [PAX_ORLOV, PAX_ORLOVA]
    offer = {"id": uid(), "item": uid(), "price": 6120, "total": "12240.00", "carrier": "SU"}
    ids = new_order_ids("261116")
    s.login()
    s.retrieve(ids, offer, paxes)
    s.adv(18_000)
    warn = (f"Отмена заказа {ids['order2']} не выполнена: поставщик отклонил запрос на отмену. "
            "Проверьте состояние заказа через OrderRetrieve.")
    s.call("OrderCancel", "/api/Order/Cancel", ordercancel_rq(ids["mix"]),
           ordercancel_rs(ids["mix"], [(ids["order"], "Success", None), (ids["order2"], "Failure", warn)]),
           elapsed=5310.2)
    s.note("WARN", "Agency.Booking.Services.CancellationService",
           f"MixOrder {ids['mix']} partially cancelled: 1 of 2 orders failed")
    s.adv(60_000)
    s.shop(LEGS_MOW_KGD, [PAX_SMIRNOV], n=2)
    lines = render_text(s.items, hdr_nlog)
    spec = dict(verdict="inconclusive (partial failure)", scenario="OrderCancelRS with no `Error`: the MixOrder "
                "holds two Orders, one `OperationStatus` Success and one Failure carrying a per-order `Warning` "
                "(Russian, provider refused). Partial failure: read the per-order warning, check with OrderRetrieve.",
                codes="OperationStatus=Failure + per-order Warning (no code)",
                markers=[("`<OperationStatus>Failure` (decisive)", "<OperationStatus>Failure", "first"),
                         ("per-order `<Warning>`", "<Warning>", "first"),
                         ("OperationStatus Success", "<OperationStatus>Success", "first")])
    return lines, spec


def sc_all_ok():
    s = Session(PROD, T(2026, 11, 18, 9, 15, 40, 3))
    paxes = [PAX_PETROVA, PAX_PETROV]
    s.login()
    offers = s.shop(LEGS_MOW_LED, paxes, n=4)
    s.adv(52_000)
    s.price(offers[3], paxes)
    s.adv(80_000)
    ids = s.create(offers[3], paxes)
    s.adv(140_000)
    s.pay(ids, offers[3], paxes, card=True)
    s.adv(30_000)
    s.retrieve(ids, offers[3], paxes, tickets=True)
    s.adv(600_000)
    offers2 = s.shop(LEGS_MOW_AER, [PAX_SMIRNOV], n=3)
    s.adv(30_000)
    s.price(offers2[1], [PAX_SMIRNOV])
    lines = render_text(s.items, hdr_nlog)
    spec = dict(verdict="none", scenario="Only successful traffic: login, AirShopping, OfferPrice, OrderCreate, "
                "OrderChange (card payment, tickets issued), OrderRetrieve, another search.",
                codes="none", markers=[])
    return lines, spec


def sc_cp1251():
    s = Session(PROD, T(2026, 11, 18, 13, 5, 17, 309), threads=(4, 10, 18))
    paxes = [PAX_PETROVA]
    s.login()
    offers = s.shop(LEGS_MOW_AER, paxes, n=3)
    s.adv(40_000)
    s.price(offers[0], paxes)
    s.adv(50_000)
    ids = s.create(offers[0], paxes)
    s.adv(95_000)
    ticket = uid()
    s.call("OrderChange", "/api/Order/Change", orderchange_pay_rq(ids["mix"], offers[0]["total"], card=True),
           rs_error("OrderViewRS", "View", "1_01",
                    err("InternalServerError", False, "MIX-200002", ISE_TEXT.format(ticket), ticket=ticket)),
           elapsed=9204.0, reply_to=False)
    s.note("ERROR", "Agency.Booking.Services.PaymentService",
           f"Ошибка оплаты заказа {ids['mix']}: внутренняя ошибка MixVel (MIX-200002), номер неисправности {ticket}")
    s.note("WARN", "Agency.Booking.Services.PaymentService",
           "Платёж не подтверждён, заказ оставлен в статусе «Ожидает оплаты». Сообщите в поддержку support@mixvel.com")
    lines = render_text(s.items, hdr_log4net, style="ru")
    spec = dict(verdict="platform", scenario="log4net file written in **Windows-1251** (no BOM; the embedded XML "
                "prolog still says utf-8). Russian log messages. OrderChange (card payment) answered with level-2 "
                "InternalServerError MIX-200002 with a TicketId repeated in the Russian DescText.",
                codes=f"MIX-200002, TicketId `{ticket}`",
                markers=[("`<Error>` (decisive)", "<Error>", "first"),
                         ("TicketId", f"<TicketId>{ticket}", "first"),
                         ("Code", "<Code>MIX-200002", "first"),
                         ("Russian ERROR record", "Ошибка оплаты заказа", "first")])
    return lines, spec


# --------------------------------------------------------------------------------------------------------------------
# Output, variants, decoding back, README
# --------------------------------------------------------------------------------------------------------------------
# --------------------------------------------------------------------------------------------------------------------
# More layouts (issue 9): one short failing OrderCreate session, written the way other stacks log it
# --------------------------------------------------------------------------------------------------------------------
def layout_session(start):
    """Login, then OrderCreate answered with InternalServerError MIX-200002 and a TicketId; the app logs an ERROR."""
    s = Session(PROD, start)
    s.login()
    s.adv(41_000)
    ticket = uid()
    offer = {"id": uid(), "item": uid()}
    s.call("OrderCreate", "/api/Order/Create", ordercreate_rq(offer, [PAX_SMIRNOV]),
           rs_error("OrderViewRS", "View", "1_01",
                    err("InternalServerError", False, "MIX-200002", ISE_TEXT.format(ticket), ticket=ticket)),
           elapsed=5120.4, reply_to=False)
    s.note("ERROR", "Agency.Booking.Services.BookingService",
           f"Order creation failed for offer {offer['id']}: MixVel error MIX-200002 (TicketId={ticket})")
    return s, ticket


def layout_spec(ticket, scenario, app_marker, decisive=("`<Error>` (decisive)", "<Error>", "first")):
    return dict(verdict="platform", scenario=scenario, codes=f"MIX-200002, TicketId `{ticket}`",
                markers=[decisive, ("TicketId", f"<TicketId>{ticket}", "first"), ("app ERROR record", app_marker,
                                                                                 "first")])


MEL = {"DEBUG": "dbug", "INFO": "info", "WARN": "warn", "ERROR": "fail", "FATAL": "crit"}


def render_dotnet_console(items, stamp):
    """Microsoft.Extensions.Logging console: `info: Category[EventId]`, every message line indented by 6 spaces."""
    def hdr(t, lvl, thread, logger, msg):
        prefix = f"{t:%Y-%m-%d %H:%M:%S}.{ms3(t)} " if stamp else ""
        return f"{prefix}{MEL[lvl]}: {logger}[{1000 + len(logger) % 7}]\n      {msg}"
    out = []
    for x in render_text(items, hdr, log_headers=False):
        out += x.split("\n") if "\n" in x else ["      " + x]
    return out


def hdr_spring(t, lvl, thread, logger, msg):
    short = ".".join(p[0].lower() for p in logger.split(".")[:-1]) + "." + logger.split(".")[-1]
    return f"{t:%Y-%m-%dT%H:%M:%S}.{ms3(t)}+03:00 {lvl:>5} 4312 --- [booking] [nio-8080-exec-{thread}] " \
           f"{short:<40} : {msg}"


PY_LEVEL = {"DEBUG": "DEBUG", "INFO": "INFO", "WARN": "WARNING", "ERROR": "ERROR", "FATAL": "CRITICAL"}


def hdr_python(t, lvl, thread, logger, msg):
    return f"{PY_LEVEL[lvl]}:{logger.lower()}:{msg}"


def hdr_python_asctime(t, lvl, thread, logger, msg):
    return f"{t:%Y-%m-%d %H:%M:%S},{ms3(t)} - {logger.lower()} - {PY_LEVEL[lvl]} - {msg}"


def hdr_monolog(t, lvl, thread, logger, msg):
    level = {"WARN": "WARNING", "FATAL": "CRITICAL"}.get(lvl, lvl)
    return f"[{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond:06d}+03:00] mixvel.{level}: {msg} " + '{"thread":' + \
        str(thread) + "} []"


def render_oneline(items, line):
    """Layouts that put a whole record on one line: `line(t, level, logger, msg, body)`."""
    out = []
    for it in items:
        if isinstance(it, Note):
            out.append(line(it.t, it.level, it.logger, it.msg, "\n".join(it.lines)))
            continue
        c = it
        out.append(line(c.t_req, "INFO", LOG_HTTP, f"MixVel {c.op} request: POST {c.url}", "\n".join(c.req_body)))
        out.append(line(c.t_resp, resp_level(c), LOG_HTTP,
                        f"MixVel {c.op} response: HTTP {c.status} {c.reason} in {c.elapsed} ms",
                        "\n".join(c.resp_body or [])))
    return out


def logfmt_q(v):
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def line_logfmt(t, lvl, logger, msg, body):
    s = f"time={logfmt_q(t.isoformat(timespec='seconds'))} level={lvl.lower()} msg={logfmt_q(msg)} " \
        f"logger={logger}"
    return s + (f" body={logfmt_q(body)}" if body else "")


PINO = {"DEBUG": 20, "INFO": 30, "WARN": 40, "ERROR": 50, "FATAL": 60}


def line_pino(t, lvl, logger, msg, body):
    ev = {"level": PINO[lvl], "time": int(t.timestamp() * 1000), "pid": 4312, "hostname": "agn-web-1",
          "name": logger, "msg": msg}
    if body:
        ev["body"] = body
    return json.dumps(ev, ensure_ascii=False, separators=(",", ":"))


def line_logstash(t, lvl, logger, msg, body):
    ev = {"@timestamp": t.isoformat(timespec="milliseconds"), "@version": "1",
          "message": msg + ("\n" + body if body else ""), "logger_name": logger, "thread_name": "http-nio-8080-exec-3",
          "level": lvl, "level_value": {"DEBUG": 10000, "INFO": 20000, "WARN": 30000, "ERROR": 40000}[lvl]}
    return json.dumps(ev, ensure_ascii=False, separators=(",", ":"))


def render_har(items):
    entries = []
    for c in items:
        if isinstance(c, Note):
            continue
        req_headers = [{"name": "Content-Type", "value": "application/xml"}]
        if c.token:
            req_headers.append({"name": "Authorization", "value": f"Bearer {c.token}"})
        body = "\n".join(c.req_body)
        rbody = "\n".join(c.resp_body or [])
        entries.append({
            "startedDateTime": c.t_req.isoformat(timespec="milliseconds"), "time": c.elapsed,
            "request": {"method": "POST", "url": c.url, "httpVersion": "HTTP/1.1", "headers": req_headers,
                        "queryString": [], "cookies": [], "headersSize": -1, "bodySize": len(body.encode()),
                        "postData": {"mimeType": "application/xml", "text": body}},
            "response": {"status": c.status, "statusText": c.reason, "httpVersion": "HTTP/1.1",
                         "headers": [{"name": "Content-Type", "value": "application/xml; charset=utf-8"}],
                         "cookies": [], "content": {"size": len(rbody.encode()), "mimeType": "application/xml",
                                                    "text": rbody},
                         "redirectURL": "", "headersSize": -1, "bodySize": len(rbody.encode())},
            "cache": {}, "timings": {"send": 0.2, "wait": c.elapsed - 1, "receive": 0.8}})
    har = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                   "pages": [{"startedDateTime": entries[0]["startedDateTime"], "id": "page_1",
                              "title": "https://booking.agency.example/checkout", "pageTimings": {}}],
                   "entries": entries}}
    return json.dumps(har, ensure_ascii=False, indent=2).split("\n")


def layout_samples():
    """(name, lines, format, spec) of the layout samples, in a fixed order (after every other scenario: the RNG)."""
    out = []
    s, t = layout_session(T(2026, 11, 18, 10, 2, 11, 317))
    out.append(("dotnet-console-internal-error.log", render_dotnet_console(s.items, stamp=False),
                ".NET `Microsoft.Extensions.Logging` console (`fail: Category[EventId]` + lines indented by 6 "
                "spaces, no timestamps), UTF-8",
                layout_spec(t, ".NET console logger without timestamps: OrderCreate answered with InternalServerError "
                            "MIX-200002 and a TicketId; records start at the level word.",
                            "fail: Agency.Booking.Services.BookingService")))
    s, t = layout_session(T(2026, 11, 18, 11, 5, 40, 12))
    out.append(("dotnet-console-timestamped.log", render_dotnet_console(s.items, stamp=True),
                ".NET console logger with a `yyyy-MM-dd HH:mm:ss.fff` timestamp prefix, UTF-8",
                layout_spec(t, "Same failure, .NET console with timestamps.",
                            " fail: Agency.Booking.Services.BookingService")))
    s, t = layout_session(T(2026, 11, 18, 12, 14, 3, 881))
    out.append(("spring-boot-internal-error.log", render_text(s.items, hdr_spring, log_headers=False),
                "Spring Boot 3 console (`date LEVEL pid --- [app] [thread] logger : msg`), UTF-8",
                layout_spec(t, "Spring Boot console log: the same OrderCreate failure.",
                            "ERROR 4312 --- [booking]")))
    s, t = layout_session(T(2026, 11, 18, 13, 30, 0, 250))
    out.append(("python-default-internal-error.log", render_text(s.items, hdr_python, log_headers=False),
                "Python `logging` default (`LEVEL:name:message`, no timestamps), UTF-8",
                layout_spec(t, "Python logging with the default format.",
                            "ERROR:agency.booking.services.bookingservice:")))
    s, t = layout_session(T(2026, 11, 18, 14, 1, 9, 640))
    out.append(("python-asctime-internal-error.log", render_text(s.items, hdr_python_asctime, log_headers=False),
                "Python `logging` with `%(asctime)s - %(name)s - %(levelname)s - %(message)s`, UTF-8",
                layout_spec(t, "Python logging with asctime.", " - ERROR - Order creation failed")))
    s, t = layout_session(T(2026, 11, 18, 15, 22, 18, 75))
    out.append(("monolog-internal-error.log", render_text(s.items, hdr_monolog, log_headers=False),
                "PHP Monolog line format (`[ISO time] channel.LEVEL: message {context} []`), UTF-8",
                layout_spec(t, "Monolog: the same OrderCreate failure.", "mixvel.ERROR: Order creation failed")))
    s, t = layout_session(T(2026, 11, 18, 16, 40, 51, 902))
    out.append(("logrus-logfmt-internal-error.log", render_oneline(s.items, line_logfmt),
                "logfmt / logrus (`time=\"…\" level=error msg=\"…\"`, bodies escaped in a quoted field), UTF-8",
                layout_spec(t, "Go service logging logfmt; XML bodies are escaped inside `body=\"…\"`.",
                            'level=error msg="Order creation failed')))
    s, t = layout_session(T(2026, 11, 18, 17, 3, 27, 444))
    out.append(("pino-internal-error.jsonl", render_oneline(s.items, line_pino),
                "pino / bunyan JSON lines (epoch-millisecond `time`, numeric `level`), UTF-8",
                layout_spec(t, "Node.js service logging with pino.", '"level":50,')))
    s, t = layout_session(T(2026, 11, 18, 18, 9, 5, 320))
    out.append(("logstash-internal-error.jsonl", render_oneline(s.items, line_logstash),
                "logstash-logback-encoder JSON lines (`@timestamp`, `message`, `level`, `logger_name`), UTF-8",
                layout_spec(t, "Java service logging JSON through logstash-logback-encoder.",
                            '"message":"Order creation failed')))
    s, t = layout_session(T(2026, 11, 18, 19, 45, 12, 5))
    out.append(("browser-internal-error.har", render_har(s.items),
                "browser HAR 1.2 (DevTools export): `log.pages`, `log.entries[]` with request and response bodies",
                dict(verdict="platform", scenario="A HAR exported from the agency's web front end: login, then "
                     "OrderCreate answered with InternalServerError MIX-200002 and a TicketId.",
                     codes=f"MIX-200002, TicketId `{t}`",
                     markers=[("OrderCreate response entry (decisive)", '"response": {', "first",
                               '"url": "https://api.mixvel.com/api/Order/Create"'),
                              ("TicketId", f"<TicketId>{t}", "first")])))
    return out


def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def decode_truncated_gzip(data: bytes) -> tuple[str, int, bool]:
    """Decompress as much as possible; return (text of complete lines, bytes of the partial last line, ended)."""
    d = zlib.decompressobj(wbits=31)
    raw = d.decompress(data)
    text = raw.decode("utf-8", errors="replace")
    cut = text.rfind("\n") + 1
    return text[:cut], len(raw) - len(text[:cut].encode()), d.eof


def decode(name: str, data: bytes) -> str:
    if name.endswith(".truncated.gz"):
        return decode_truncated_gzip(data)[0]
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    if name.endswith(".utf16le.log"):
        assert data[:2] == b"\xff\xfe"
        return data.decode("utf-16")
    if "cp1251" in name:
        return data.decode("cp1251")
    return data.decode("utf-8").replace("\r\n", "\n")


def find_lines(text: str, needle: str, which, anchor=None) -> list[int]:
    lines = text.split("\n")
    start = 0
    if anchor:
        start = next(i for i, x in enumerate(lines) if anchor in x)
    hits = [i + 1 for i, x in enumerate(lines) if i >= start and needle in x]
    if not hits:
        raise SystemExit(f"marker not found: {needle!r}")
    if which == "all":
        return hits
    if which == "first":
        return hits[:1]
    if which == "last":
        return hits[-1:]
    return [hits[which - 1]]


def fmt_lines(ns: list[int]) -> str:
    return ", ".join(f"L{n}" for n in ns)


def main():
    OUT.mkdir(exist_ok=True)
    for p in OUT.iterdir():
        if p.is_file():
            p.unlink()
    files: list[dict] = []  # name, data, format, base (for variants), spec

    def add(name, data: bytes, fmt, spec, variant_of=None, note=""):
        files.append(dict(name=name, data=data, fmt=fmt, spec=spec, variant_of=variant_of, note=note))

    def txt(lines):
        return ("\n".join(lines) + "\n")

    lines, spec = sc_all_ok()
    add("all-ok.log", txt(lines).encode(), "NLog text (`${longdate}|LEVEL|logger|message`), UTF-8, LF", spec)

    lines, spec = sc_nlog_internal_error()
    t = txt(lines)
    add("nlog-ordercreate-internal-error.log", t.encode(), "NLog text, UTF-8, LF", spec)
    add("nlog-ordercreate-internal-error.log.gz", gz(t.encode()), "NLog text, UTF-8, **gzip** (single member)",
        spec, "nlog-ordercreate-internal-error.log")
    add("nlog-ordercreate-internal-error.utf16le.log", b"\xff\xfe" + t.encode("utf-16-le"),
        "NLog text, **UTF-16 LE with BOM**, LF", spec, "nlog-ordercreate-internal-error.log")

    lines, spec = sc_log4net_wrong_password()
    t = txt(lines)
    add("log4net-auth-wrong-password.log", t.encode(), "log4net (`date,ms [thread] LEVEL logger - msg`), UTF-8, LF "
        "+ .NET stack traces", spec)
    add("log4net-auth-wrong-password.crlf.log", t.replace("\n", "\r\n").encode(), "log4net, UTF-8, **CRLF**", spec,
        "log4net-auth-wrong-password.log")

    lines, spec = sc_serilog_timeout()
    add("serilog-client-timeout.log", txt(lines).encode(), "Serilog text (`date time.fff +03:00 [ERR] msg`), UTF-8, "
        "LF + .NET stack trace", spec)

    lines, spec = sc_clef_void_window()
    t = txt(lines)
    add("serilog-json-void-window.jsonl", t.encode(), "Serilog compact JSON (CLEF) lines, ASCII (Russian as "
        "`\\uXXXX`), bodies JSON-escaped", spec)
    half = len(lines) // 2
    multi = gz(txt(lines[:half]).encode()) + gz(txt(lines[half:]).encode())
    add("serilog-json-void-window.jsonl.gz", multi, f"CLEF lines, **multi-member gzip** (2 members, split after "
        f"line {half})", spec, "serilog-json-void-window.jsonl")

    lines, spec = sc_json_no_offers()
    add("json-no-offers-warning.jsonl", txt(lines).encode(), "generic JSON lines (`timestamp/level/logger/message`, "
        "`request`/`response` XML strings), UTF-8 with raw Cyrillic", spec)

    lines, spec = sc_curl_504()
    add("curl-gateway-504.txt", txt(lines).encode(), "curl -v transcript (shell session), UTF-8", spec)
    lines, spec = sc_curl_407()
    add("curl-proxy-407.txt", txt(lines).encode(), "curl -v transcript via HTTP proxy, UTF-8", spec)

    lines, spec = sc_raw_malformed()
    add("raw-envelope-malformed-xml.xml", txt(lines).encode(), "raw XML envelopes concatenated (several `<?xml` "
        "prologs), UTF-8", spec)
    lines, spec = sc_raw_provider()
    add("raw-provider-error.xml", txt(lines).encode(), "raw XML envelopes concatenated, UTF-8", spec)

    lines, spec = sc_java_dns()
    add("java-logback-dns-failure.log", txt(lines).encode(), "logback (`date time.ms LEVEL [thread] logger - msg`, "
        "level padded to 5), UTF-8 + Java stack traces", spec)

    short, long, spec = sc_retry_storm()
    add("nlog-retry-storm-provider.log", txt(short).encode(), "NLog text, UTF-8, LF", spec)
    full = gz(txt(long).encode())
    cut = int(len(full) * 0.6)
    add("nlog-retry-storm-provider.log.truncated.gz", full[:cut], "NLog text, **truncated gzip** (first 60% of the "
        "compressed bytes of a longer log; no trailer)", spec, "nlog-retry-storm-provider.log",
        note=f"long={len(long)}|cut={cut}|full={len(full)}")

    lines, spec = sc_stand_mismatch()
    add("nlog-stand-mismatch.log", txt(lines).encode(), "NLog text, UTF-8, LF (TEST stand)", spec)
    lines, spec = sc_token_expired()
    add("nlog-token-expired.log", txt(lines).encode(), "NLog text with **5 fields** "
        "(`${longdate}|LEVEL|${threadid}|logger|message`), UTF-8, LF", spec)
    lines, spec = sc_cancel_nothing_left()
    add("nlog-order-cancel-nothing-left.log", txt(lines).encode(), "NLog text, UTF-8, LF", spec)
    lines, spec = sc_cancel_partial()
    add("nlog-ordercancel-partial-failure.log", txt(lines).encode(), "NLog text, UTF-8, LF", spec)
    lines, spec = sc_cp1251()
    add("log4net-cp1251-internal-error.log", txt(lines).encode("cp1251"), "log4net, **Windows-1251**, LF", spec)

    for name, lines, fmt, spec in layout_samples():
        add(name, txt(lines).encode(), fmt, spec)

    # ---- write, decode back, compute markers and secrets --------------------------------------------------------
    manifest = []
    total = 0
    for f in files:
        (OUT / f["name"]).write_bytes(f["data"])
        total += len(f["data"])
        text = decode(f["name"], f["data"])
        f["text"] = text
        f["nlines"] = text.count("\n")
        marks = []
        for m in f["spec"]["markers"]:
            label, needle, which = m[:3]
            anchor = m[3] if len(m) > 3 else None
            try:
                marks.append((label, find_lines(text, needle, which, anchor)))
            except SystemExit:
                if not f["name"].endswith(".truncated.gz"):
                    raise
                marks.append((label, []))
        f["marks"] = marks
        sec = []
        for kind, value, probe in SECRETS:
            if probe in text:
                sec.append((kind, value))
        f["secrets"] = sec
        manifest.append({"file": f["name"], "variant_of": f["variant_of"], "format": f["fmt"],
                         "expected": f["spec"]["verdict"], "codes": f["spec"]["codes"], "lines": f["nlines"],
                         "decisive": {label: ns for label, ns in marks},
                         "secrets": [{"kind": k, "value": v} for k, v in sec]})
    assert total < 2_000_000, total

    # ---- truncated file: what is lost ----------------------------------------------------------------------------
    tr = next(f for f in files if f["name"].endswith(".truncated.gz"))
    info = dict(x.split("=") for x in tr["note"].split("|"))
    _, partial, ended = decode_truncated_gzip(tr["data"])
    short_n = next(f for f in files if f["name"] == "nlog-retry-storm-provider.log")["nlines"]
    tr_text = (f"The original (longer) log has {info['long']} lines ({info['full']} compressed bytes); the file keeps "
               f"the first {info['cut']} bytes. Decompressing it yields {tr['nlines']} complete lines plus a partial "
               f"line of {partial} bytes, then the stream ends without the gzip trailer (CRC32/ISIZE missing, "
               f"`eof={ended}`). Lines 1–{short_n} are byte-identical to `nlog-retry-storm-provider.log`, so the "
               f"whole retry storm survives; lost are lines {tr['nlines'] + 1}–{info['long']} (the later, successful "
               f"AirShopping/OfferPrice/OrderCreate/OrderRetrieve traffic) — nothing decisive.")
    manifest_tr = next(m for m in manifest if m["file"] == tr["name"])
    manifest_tr["truncation"] = tr_text

    (OUT / "expected.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_readme(files, tr_text, total)
    for f in files:
        print(f"{f['name']:48s} {len(f['data']):8d} B {f['nlines']:6d} lines  {f['spec']['verdict']}")
    print("total", total)


def write_readme(files, tr_text, total):
    R = []
    R.append("# SampleLogs — sample support-request logs for logtriage\n")
    R.append("Generated by `Scripts/make_samples.py` (Python 3 stdlib, fixed seed 20261118, fixed timestamps in "
             "November 2026, local time +03:00). **Do not edit by hand**: change the script and re-run "
             "`python3 Scripts/make_samples.py`. Everything here is invented: people, passports, e-mails, phones, "
             "passwords, JWTs (HS256-shaped, random signature) and the Luhn-valid test card `4111111111111111`.\n")
    R.append("Line numbers are 1-based, in the **decompressed/decoded** file (same numbering for CRLF, UTF-16, gzip "
             "variants as for their base file), computed by the script by searching the generated text. "
             "`expected.json` holds the same data in machine-readable form.\n")
    R.append("Verdict vocabulary: `customer` (agency-side misuse / configuration / network), `platform` (MixVel), "
             "`provider` (airline/content provider behind MixVel), `none` (no fault), `inconclusive`.\n")
    R.append("## Files\n")
    R.append("| File | Format / encoding / compression | Scenario | Expected diagnosis | Decisive lines and codes |")
    R.append("|---|---|---|---|---|")
    for f in files:
        sp = f["spec"]
        scen = sp["scenario"] if not f["variant_of"] else f"Same content as `{f['variant_of']}`."
        if f["name"].endswith(".truncated.gz"):
            scen = f"Longer version of `{f['variant_of']}`, cut: see *Truncated gzip* below."
        marks = "; ".join(f"{label}: {fmt_lines(ns) if ns else 'lost'}" for label, ns in f["marks"]) or "—"
        cells = [f"`{f['name']}` ({f['nlines']} lines)", f["fmt"], scen, f"**{sp['verdict']}**",
                 f"{marks}. Codes: {sp['codes']}"]
        R.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    R.append("")
    R.append("## Truncated gzip\n")
    R.append(f"`nlog-retry-storm-provider.log.truncated.gz`: {tr_text}\n")
    R.append("## Notes on the data\n")
    R.append("- Codes **MIX-106004** (void window expired), **MIX-300001** (ProviderError) and the use of "
             "**MIX-100100002** for an expired token are *illustrative*: they are not in "
             "`/work/shared/domain/mixvel-error-codes.tsv`. A correct analyzer falls back to `ErrorType` (and, for "
             "the token case, HTTP 401 + 24 h since login). MIX-100000 is used for both the parser error and the "
             "XSD-validation error (level 1, general/format).")
    R.append("- As in the observed fixtures, level-1 errors and InternalServerError responses carry **no "
             "`ReplyTo`**; correlate them with the preceding request by order/time. Other responses carry "
             "`ReplyTo` = the request's `MessageId`. Request `TimeSent` is local (+03:00), response `TimeSent` is "
             "UTC (`…Z`, 7 fractional digits).")
    R.append("- Business errors come back as HTTP 200 with an XML `Error` body; only the token-expiry file has "
             "HTTP 401, the curl files have 504 (nginx at the gateway) and 407 (agency proxy).")
    R.append("- CLEF: Information events have no `@l` (Serilog convention); exceptions would be in `@x`. "
             "`RequestHeaders.Authorization` holds the JWT inside a nested JSON object.")
    R.append("- Requests use `PayloadAttributes/ResponseAfterTimeout` = 40 and the post-1.5.0 "
             "`<LocationCode Standard=\"IATA\">`; only the legacy calendar request in `nlog-stand-mismatch.log` "
             "still sends `IATA_LocationCode`.")
    R.append(f"- Total size of SampleLogs: {total} bytes (+ this README and expected.json).\n")
    R.append("## Planted secrets per file\n")
    R.append("Every value below must be absent from any redacted output of logtriage. (The CVV is planted as "
             "`<SeriesCode>737</SeriesCode>`; `737` alone can occur elsewhere, e.g. in UUIDs.)\n")
    for f in files:
        R.append(f"### `{f['name']}`\n")
        if not f["secrets"]:
            R.append("- (none)\n")
            continue
        for kind, value in f["secrets"]:
            R.append(f"- {kind}: `{value}`")
        R.append("")
    (OUT / "README.md").write_text("\n".join(R), encoding="utf-8")


if __name__ == "__main__":
    main()
