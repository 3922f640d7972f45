"""Fictional phone numbers and the messy ways HIS and agents type them (SPEC §3).

Each `PhoneCell` keeps the raw cell as written and, as ground truth, the canonical valid numbers
it holds (mobile: 11 digits; landline: `area-local`, extension dropped) or why it holds none.
Numbers are random and unique per person; they are not anyone's real number and must never be dialled.
"""
from dataclasses import dataclass, field

MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156",
                   "157", "158", "159", "166", "176", "177", "180", "181", "182", "186", "187", "188", "189", "198", "199"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class PhoneCell:
    raw: object                                  # str, int, or None as it appears in the cell
    numbers: list = field(default_factory=list)  # canonical valid numbers, in cell order
    reason: str | None = None                    # why no valid number (None when numbers is non-empty)
    kind: str = "plain"


MESSY_KINDS = [("plain", 55), ("spaced", 6), ("dashed", 3), ("plus86", 3), ("p0086", 2), ("fullwidth", 2),
               ("float_text", 2), ("number", 3), ("sci", 1), ("landline_area", 4), ("landline_paren", 1),
               ("landline_local", 3), ("landline_ext", 1), ("landline_other", 1), ("two", 2), ("labelled", 1),
               ("placeholder", 3), ("wrong_length", 1), ("repeated", 1), ("sequence", 1), ("prefix_zeros", 1),
               ("empty", 2)]
CLEAN_KINDS = [("plain", 90), ("spaced", 3), ("landline_area", 3), ("placeholder", 2), ("empty", 2)]


class PhoneBook:
    """Hands out unique fictional numbers and renders them in a chosen messy form."""

    def __init__(self, rng, area_code):
        self.rng = rng
        self.area = area_code
        self.used = set()

    def mobile(self):
        while True:
            prefix = self.rng.choice(MOBILE_PREFIXES)
            rest = "".join(self.rng.choice("0123456789") for _ in range(8))
            n = prefix + rest
            if n in self.used or len(set(rest)) < 4:
                continue
            self.used.add(n)
            return n

    def local(self, first="8"):
        while True:
            n = first + "".join(self.rng.choice("0123456789") for _ in range(7))
            if n not in self.used and len(set(n)) >= 4:
                self.used.add(n)
                return n

    def pick_kind(self, kinds):
        total = sum(w for _, w in kinds)
        x = self.rng.uniform(0, total)
        for k, w in kinds:
            x -= w
            if x <= 0:
                return k
        return kinds[-1][0]

    def cell(self, kind):
        r = self.rng
        a = self.area
        if kind in ("plain", "spaced", "dashed", "plus86", "p0086", "fullwidth", "float_text", "number", "sci"):
            m = self.mobile()
            raw = {"plain": m, "spaced": f"{m[:3]} {m[3:7]} {m[7:]}", "dashed": f"{m[:3]}-{m[3:7]}-{m[7:]}",
                   "plus86": f"+86 {m}", "p0086": f"0086-{m[:3]}-{m[3:7]}-{m[7:]}", "fullwidth": m.translate(FULLWIDTH),
                   "float_text": f"{m}.0", "number": int(m), "sci": f"{m[0]}.{m[1:6]}E+10"}[kind]
            if kind == "sci":
                return PhoneCell(raw, [], "lost_digits", kind)
            return PhoneCell(raw, [m], None, kind)
        if kind in ("landline_area", "landline_paren", "landline_local", "landline_ext"):
            loc = self.local()
            raw = {"landline_area": f"{a}-{loc}", "landline_paren": f"({a}){loc}", "landline_local": loc,
                   "landline_ext": f"{a}-{loc[:4]} {loc[4:]} 转{r.choice(['801', '6203', '12'])}"}[kind]
            return PhoneCell(raw, [f"{a}-{loc}"], None, kind)
        if kind == "landline_other":
            loc = self.local(r.choice("2368"))
            code = r.choice(["010", "021", "0574", "0512"])
            raw = r.choice([f"({code}){loc}", f"{code}-{loc}", f"{code} {loc}"])
            return PhoneCell(raw, [f"{code}-{loc}"], None, kind)
        if kind == "two":
            m1, m2 = self.mobile(), self.mobile()
            sep = r.choice(["/", "，", ";", "、"])
            return PhoneCell(f"{m1}{sep}{m2}", [m1, m2], None, kind)
        if kind == "labelled":
            m1, m2 = self.mobile(), self.mobile()
            return PhoneCell(f"本人:{m1} 家属:{m2}", [m1, m2], None, kind)
        if kind == "placeholder":
            return PhoneCell(r.choice(["无", "不详", "-", "/", "00000000000"]), [], "placeholder", kind)
        if kind == "wrong_length":
            m = self.mobile()
            return PhoneCell(m[:10], [], "wrong_length", kind)
        if kind == "repeated":
            d = r.choice("123456789")
            return PhoneCell(d * 11, [], "repeated_digit", kind)
        if kind == "sequence":
            return PhoneCell("12345678901", [], "sequence", kind)
        if kind == "prefix_zeros":
            return PhoneCell(r.choice(["138", "139", "186"]) + "00000000", [], "prefix_zeros", kind)
        if kind == "empty":
            return PhoneCell(None, [], "empty", kind)
        raise ValueError(kind)

    def plain(self, number):
        """A cell holding one known canonical number (used for shared ward phones and corrections)."""
        return PhoneCell(number, [number], None, "plain")
