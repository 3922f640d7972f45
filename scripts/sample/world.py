"""The clean records of the fictional hospital: patients, discharges and calls (the ground truth).

Nothing here knows about file formats. Messes are rendering choices made later; the clean records
carry what a correct reader must recover (canonical numbers, dates, result codes, satisfaction levels).
"""
import calendar
import datetime as dt
from dataclasses import dataclass, field, replace

from . import vocab
from .phones import PhoneBook, PhoneCell, MESSY_KINDS, CLEAN_KINDS


@dataclass
class Profile:
    name: str
    months: list            # [(year, month), ...]
    departments: list
    agents: list
    scale: float
    messy: bool
    area_code: str = "0571"
    as_of: dt.date = dt.date(2026, 5, 15)


@dataclass
class Patient:
    inpatient_no: str
    name: str
    sex: str
    birth: dt.date
    phone: PhoneCell
    contact_name: str
    contact_phone: PhoneCell
    address: str
    insurance: str
    fullwidth_no: bool = False      # inpatient_no typed with full-width characters in every export
    name_padding: str = ""          # trailing spaces after the name
    no_readmit: bool = False


@dataclass
class Discharge:
    patient: Patient
    seq: int
    department: str
    ward: str
    attending: str
    admit: dt.datetime
    discharge: dt.datetime
    diagnosis: str
    diagnosis_code: str
    outcome: str
    leave_mode: int
    age_text: object
    intent: str = "normal"          # died / aama / short / privacy / dnc / ... (what the generator meant)
    phone: PhoneCell = None         # per-discharge override (corrections); defaults to the patient's
    has_time: bool = True           # False when the winning export shows dates only
    force_calls: list = None        # scripted call results, overriding the random plan
    tags: list = field(default_factory=list)

    @property
    def inpatient_no(self):
        return self.patient.inpatient_no

    @property
    def key(self):
        return (self.patient.inpatient_no, self.discharge.date())

    @property
    def phone_cell(self):
        return self.phone if self.phone is not None else self.patient.phone

    def fingerprint(self):
        """Clean field values: two rows with equal fingerprints are identical duplicates."""
        p = self.patient
        return (p.inpatient_no, self.seq, p.name, p.sex, str(self.age_text), p.birth, self.department, self.ward,
                self.admit, self.discharge, self.has_time, self.diagnosis, self.diagnosis_code, self.outcome,
                self.leave_mode, tuple(self.phone_cell.numbers), self.phone_cell.reason, p.contact_name,
                tuple(p.contact_phone.numbers), p.contact_phone.reason, self.attending, p.insurance, p.address)


@dataclass
class Call:
    id: int
    agent: str
    target: object                  # Discharge key intended, or None for a call that matches nothing
    when: dt.datetime
    has_time: bool
    code: str                       # result code (SPEC §2.2)
    word: str                       # result as typed
    mode: int                       # 1: inpatient_no + discharge date, 2: inpatient_no only, 3: phone + name
    inpatient_no: str | None
    discharge_date: dt.date | None
    phone: str | None               # canonical dialled number (None: not written)
    name: str | None
    department: str | None
    satisfaction: str | None = None  # satisfied / neutral / dissatisfied
    sat_typed: object = None
    items: dict = None
    comment: str = ""
    complaint_theme: str | None = None   # intended complaint theme of the comment
    praise_comment: bool = False
    praise_col: str = ""
    complaint_flag: str = ""        # 是 / 否 / ""
    tags: list = field(default_factory=list)
    duplicate_in: list = field(default_factory=list)  # extra sheets where the same call is logged again

    @property
    def intended_praise(self):
        return self.praise_comment or bool(self.praise_col)


def month_days(y, m):
    return [dt.date(y, m, d) for d in range(1, calendar.monthrange(y, m)[1] + 1)]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for k, w in pairs:
        x -= w
        if x <= 0:
            return k
    return pairs[-1][0]


class World:
    """Generates patients and discharges for a profile, deterministically from one Random."""

    def __init__(self, profile, rng):
        self.p = profile
        self.rng = rng
        self.book = PhoneBook(rng, profile.area_code)
        self.patients = []
        self.discharges = []          # every real discharge, original version, in generation order
        self.used_nos = set()
        self.dnc = []                 # do-not-call inpatient numbers
        self.ward_phone = None

    # MARK: - people
    def new_inpatient_no(self, dept):
        while True:
            if dept == "眼科" and self.rng.random() < 0.5:
                n = "RJ" + str(self.rng.randint(260000, 269999))     # day-surgery numbers carry letters
            else:
                n = str(self.rng.randint(3000000, 3899999))
            if n not in self.used_nos:
                self.used_nos.add(n)
                return n

    def person_name(self):
        r = self.rng
        given = r.choice(vocab.GIVEN_1) if r.random() < 0.35 else r.choice(vocab.GIVEN_2)
        return r.choice(vocab.SURNAMES) + given

    def new_patient(self, dept, admit_date):
        r = self.rng
        if dept == "儿科":   # newborns and infants give ages typed as `15天` and `3月`
            age_days = weighted(r, [(lambda: r.randint(3, 28), 10), (lambda: r.randint(40, 360), 20),
                                    (lambda: r.randint(366, 12 * 365), 70)])()
        elif dept == "妇产科":
            age_days = r.randint(20 * 365, 45 * 365)
        else:
            age_days = r.randint(18 * 365, 90 * 365)
        birth = admit_date - dt.timedelta(days=age_days)
        sex = "女" if dept == "妇产科" else r.choice(["男", "女"])
        kinds = MESSY_KINDS if self.p.messy else CLEAN_KINDS
        phone = self.book.cell(self.book.pick_kind(kinds))
        if r.random() < 0.5:
            contact = self.book.cell("plain" if (not self.p.messy or r.random() < 0.8) else self.book.pick_kind(kinds))
            cname = self.person_name()
        else:
            contact, cname = PhoneCell(None, [], "empty", "empty"), ""
        pt = Patient(self.new_inpatient_no(dept), self.person_name(), sex, birth, phone, cname, contact,
                     r.choice(vocab.STREETS) + f"{r.randint(1, 999)}号", r.choice(vocab.INSURANCE))
        if self.p.messy:
            pt.fullwidth_no = r.random() < (0.3 if pt.inpatient_no.startswith("RJ") else 0.03)
            pt.name_padding = " " if r.random() < 0.05 else ""
        self.patients.append(pt)
        return pt

    def age_text(self, pt, admit_date):
        days = (admit_date - pt.birth).days
        r = self.rng
        if days < 31:
            return f"{days}天"
        if days < 365:
            return f"{days // 30}月"
        years = days // 365
        if not self.p.messy:
            return years
        return r.choice([years, years, f"{years}岁", str(years)])

    # MARK: - discharges
    def generate(self):
        r = self.rng
        for (y, m) in self.p.months:
            days = month_days(y, m)
            for dept in self.p.departments:
                spec = vocab.DEPARTMENTS[dept]
                n = max(3, round(spec["weight"] * self.p.scale * r.uniform(0.85, 1.15)))
                for _ in range(n):
                    self.discharges.append(self.one_discharge(dept, r.choice(days)))
        self.discharges.sort(key=lambda d: (d.discharge, d.inpatient_no))
        self.assign_exclusions()
        return self

    def one_discharge(self, dept, day):
        r = self.rng
        spec = vocab.DEPARTMENTS[dept]
        lo, hi = spec["stay"]
        stay = r.randint(max(lo, 2), hi)
        dis = dt.datetime.combine(day, dt.time(r.randint(8, 17), r.choice(range(1, 60))))
        adm = dt.datetime.combine(day - dt.timedelta(days=stay), dt.time(r.randint(7, 20), r.choice(range(1, 60))))
        # readmission: an earlier patient of any department whose last stay ended well before this admission
        pt, seq = None, 1
        if r.random() < 0.05:
            olds = [d for d in self.discharges if d.discharge.date() < adm.date() - dt.timedelta(days=5)
                    and not d.patient.no_readmit and d.department != "儿科"]
            if olds:
                prev = r.choice(olds)
                pt = prev.patient
                seq = 1 + max(d.seq for d in self.discharges if d.patient is pt)
        if pt is None:
            pt = self.new_patient(dept, adm.date())
        diag, code = r.choice(vocab.DIAGNOSES[dept])
        d = Discharge(pt, seq, dept, r.choice(spec["wards"]), r.choice(spec["doctors"]), adm, dis, diag, code,
                      r.choice(["治愈", "好转", "好转", "好转"]), weighted(r, [(1, 92), (2, 3), (3, 2), (9, 1)]),
                      self.age_text(pt, adm.date()))
        if seq > 1:
            d.tags.append("readmission")
        return d

    def plain_normals(self, month=None):
        return [d for d in self.discharges if d.intent == "normal" and not d.tags
                and (month is None or (d.discharge.year, d.discharge.month) == month)]

    def assign_exclusions(self):
        """Marks discharges to be excluded (SPEC §5), a few with two reasons to test the order."""
        r = self.rng
        messy = self.p.messy
        counts = {}
        for d in self.discharges:
            counts[d.inpatient_no] = counts.get(d.inpatient_no, 0) + 1
        self.multi = {n for n, c in counts.items() if c > 1}
        for d in self.discharges:
            if d.inpatient_no in self.multi:
                if "readmission" not in d.tags:
                    d.tags.append("readmitted_patient")
                continue
            x = r.random()
            if x < 0.012:
                self.make_died(d, both=True)
            elif x < 0.03:
                d.intent, d.leave_mode, d.outcome = "aama", 4, r.choice(["未愈", "好转", "其他"])
            elif x < 0.05 or (d.department == "眼科" and x < 0.3):
                self.make_short(d, overnight=messy and r.random() < 0.3)
            elif d.department in vocab.PRIVACY_DIAGNOSES and r.random() < 0.04:
                d.intent = "privacy"
                d.diagnosis, d.diagnosis_code = r.choice(vocab.PRIVACY_DIAGNOSES[d.department])
        normals = self.plain_normals()
        # died: one with leave mode 5 only, one with outcome 死亡 only (messy), one died within 24 h
        if messy:
            a, b, c = r.sample(normals, 3)
            a.intent, a.leave_mode = "died", 5
            b.intent, b.outcome, b.leave_mode = "died", "死亡", 9
            self.make_short(c)
            self.make_died(c, both=True)
            c.tags.append("two_reasons")
        # do-not-call list: a few patients (never readmitted), one of them also with a privacy diagnosis
        normals = self.plain_normals()
        k = 3 if messy else 1
        for d in r.sample(normals, k):
            d.intent = "dnc"
            d.patient.no_readmit = True
            self.dnc.append(d.inpatient_no)
        if messy:
            privs = [d for d in self.discharges if d.intent == "privacy"]
            if privs:
                privs[0].tags.append("two_reasons")
                privs[0].patient.no_readmit = True
                self.dnc.append(privs[0].inpatient_no)

    def make_died(self, d, both):
        d.intent, d.leave_mode, d.outcome = "died", 5, "死亡"

    def make_short(self, d, overnight=False):
        r = self.rng
        day = d.discharge.date()
        d.intent = "short"
        if overnight:   # crosses midnight yet under 24 h: only visible when times are exported
            d.admit = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(r.randint(18, 21), r.randint(1, 59)))
            d.discharge = dt.datetime.combine(day, dt.time(r.randint(9, 15), r.randint(1, 59)))
            d.tags.append("overnight")
        else:
            d.admit = dt.datetime.combine(day, dt.time(r.randint(7, 9), r.randint(1, 59)))
            d.discharge = dt.datetime.combine(day, dt.time(r.randint(14, 18), r.randint(1, 59)))

    def shared_ward_phone(self, month, count=6):
        """Gives one ward phone to `count` discharges of one month (SPEC §3: shared numbers are not valid)."""
        loc = self.book.local("8")
        number = f"{self.p.area_code}-{loc}"
        self.ward_phone = number
        picks = [d for d in self.plain_normals(month) if d.inpatient_no not in self.multi]
        picks = self.rng.sample(picks, count)
        forms = [loc, number, f"{self.p.area_code} {loc}", loc, number, loc]
        for i, d in enumerate(picks):
            d.patient.phone = PhoneCell(forms[i % len(forms)], [number], None, "ward")
            d.patient.no_readmit = True
            if i % 2 == 1:
                d.patient.contact_phone = self.book.cell("plain")
                d.patient.contact_name = self.person_name()
            else:
                d.patient.contact_phone = PhoneCell(None, [], "empty", "empty")
                d.patient.contact_name = ""
            d.tags.append("ward_phone")
        return picks


def clone(d, **changes):
    return replace(d, tags=list(d.tags), **changes)
