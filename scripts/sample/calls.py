"""The agents' calls as clean records: who called whom, when, with what result and answers.

Random plans follow each department's reach rate and delay; scripted cases add what SPEC §5–6 must
handle (died after discharge, agent evidence across months, calls before discharge, unmatched calls,
calls after the as-of date, duplicates, hostile comments).
"""
import datetime as dt
from collections import defaultdict

from . import vocab
from .truth import his_exclusion, numbers_of, shared_numbers
from .world import Call, weighted

AGENTS = {
    # mode: key fields written (1: 住院号+出院日期, 2: 住院号 only, 3: phone+name for part of the rows)
    "王芳": dict(mode=1, time=1.0, sat="words", words={"reached": "已回访", "no_answer": "无人接听"}),
    "李娜": dict(mode=2, time=0.0, sat="5", words={"reached": "接通", "no_answer": "未接通"}),
    "张敏": dict(mode=1, time=1.0, sat="10", words={"reached": "成功", "no_answer": "无应答"}),
    "刘洋": dict(mode=2, time=0.8, sat="words", words={"reached": "完成", "no_answer": "未接"}, phone_only=0.25),
    "陈静": dict(mode=1, time=1.0, sat="5text", words={"reached": "已接通", "no_answer": "无人接听"}),
}
TERMINAL = {"refused", "hung_up", "deceased", "readmitted", "transferred"}


class CallMaker:
    def __init__(self, world, final, rng):
        self.w = world
        self.p = world.p
        self.final = final
        self.rng = rng
        self.calls = []
        self.dnc = set(world.dnc)
        self.shared = shared_numbers(final)
        self.keys_of = defaultdict(list)
        for k in sorted(final):
            self.keys_of[k[0]].append(k)
        self.mode1_agents = [a for a in self.p.agents if AGENTS[a]["mode"] == 1]

    # MARK: - helpers
    def word(self, agent, code):
        r = self.rng
        pref = AGENTS[agent]["words"].get(code)
        if pref and r.random() < 0.8:
            return pref
        return r.choice(vocab.RESULT_WORDS[code])

    def when(self, agent, day):
        r = self.rng
        has_time = r.random() < AGENTS[agent]["time"]
        t = dt.time(r.randint(8, 17), r.randint(1, 59)) if has_time else dt.time()
        return dt.datetime.combine(day, t), has_time

    def owner(self, d):
        a = vocab.DEPARTMENTS[d.department]["agent"]
        if a not in self.p.agents:      # smaller profiles: departments shared out among the agents present
            a = self.p.agents[self.p.departments.index(d.department) % len(self.p.agents)]
        if self.rng.random() < 0.12:
            a = self.rng.choice(self.p.agents)
        return a

    def safe_mode(self, agent, d, day, number):
        """Picks the key mode; falls back to a mode-1 agent when 住院号 alone would match a later stay."""
        k = d.key
        later = [x for x in self.keys_of[d.inpatient_no] if k[1] < x[1] <= day]
        mode = AGENTS[agent]["mode"]
        if mode == 2 and AGENTS[agent].get("phone_only") and number and len(number) == 11 \
                and self.rng.random() < AGENTS[agent]["phone_only"]:
            mode = 3
        if later and mode != 1:
            agent, mode = self.rng.choice(self.mode1_agents), 1
        return agent, mode

    def add(self, d, agent, code, day, number, mode=None, **kw):
        if mode is None:
            agent, mode = self.safe_mode(agent, d, day, number)
        when, has_time = self.when(agent, day)
        c = Call(len(self.calls) + 1, agent, d.key if d else None, when, has_time, code, self.word(agent, code), mode,
                 d.inpatient_no if d and mode != 3 else None, d.discharge.date() if d and mode == 1 else None,
                 number, d.patient.name if d else None, d.department if d else None, **kw)
        self.calls.append(c)
        return c

    # MARK: - plans
    def random_plan(self, d, nums):
        r = self.rng
        spec = vocab.DEPARTMENTS[d.department]
        if not nums or r.random() < 0.06:
            return []
        # Agent evidence (空号/错号) stays off patients with several stays, except in the scripted case, so that
        # whether evidence also reaches back to earlier stays never changes the expected figures.
        readmitted = len(self.keys_of[d.inpatient_no]) > 1
        mix = [(c, w) for c, w in vocab.FAILURE_MIX if c not in ("invalid_number", "wrong_number")] \
            if len(nums) == 1 or readmitted else vocab.FAILURE_MIX
        if r.random() < spec["reach"]:
            fails = weighted(r, [(0, 65), (1, 25), (2, 10)])
            plan = [weighted(r, [(c, w) for c, w in mix if c not in TERMINAL]) for _ in range(fails)]
            return plan + ["reached"]
        plan = [weighted(r, mix) for _ in range(r.randint(1, 3))]
        if len(nums) == 1 and not readmitted and r.random() < 0.08:
            plan.append(r.choice(["invalid_number", "wrong_number"]))
        return plan

    def run_plan(self, d, plan, nums, first_day=None, gap=(1, 3), **reached_kw):
        r = self.rng
        nums = list(nums)
        spec = vocab.DEPARTMENTS[d.department]
        day = first_day or d.discharge.date() + dt.timedelta(days=min(20, max(1, round(r.gauss(spec["delay"], 2.5)))))
        agent = self.owner(d)
        out = []
        for i, code in enumerate(plan):
            if not nums:
                break
            number = nums[0]
            if code == "reached":
                c = self.add(d, agent, code, day, number)
                self.answers(c, d, **reached_kw)
            else:
                c = self.add(d, agent, code, day, number)
            out.append(c)
            if code in ("invalid_number", "wrong_number"):
                nums.pop(0)
            if code in TERMINAL or code == "reached":
                break
            day += dt.timedelta(days=r.randint(*gap))
        return out

    def answers(self, c, d, rating=True, level=None):
        """Satisfaction, items, comment, praise and complaint columns of a reached call."""
        r = self.rng
        spec = vocab.DEPARTMENTS[d.department]
        if not rating or r.random() < 0.08:
            if not rating:
                c.comment = "家属接的电话，说恢复不错"
            return
        level = level or weighted(r, list(zip(["satisfied", "neutral", "dissatisfied"], spec["sat"])))
        c.satisfaction = level
        habit = AGENTS[c.agent]["sat"]
        c.sat_typed = {"words": lambda: r.choice(vocab.SAT_WORDS[level]), "5": lambda: r.choice(vocab.SAT_5[level]),
                       "10": lambda: r.choice(vocab.SAT_10[level]),
                       "5text": lambda: str(r.choice(vocab.SAT_5[level]))}[habit]()
        if c.agent == "李娜":
            lo, hi = {"satisfied": (4, 5), "neutral": (3, 4), "dissatisfied": (1, 3)}[level]
            c.items = {it: r.randint(lo, hi) for it in vocab.ITEMS}
        x = r.random()
        p_praise, p_complaint, p_neutral = {"satisfied": (0.14, 0.05, 0.30), "neutral": (0.0, 0.35, 0.30),
                                            "dissatisfied": (0.0, 0.75, 0.0)}[level]
        if x < p_praise:
            self.praise(c, d)
        elif x < p_praise + p_complaint:
            c.comment, c.complaint_theme = r.choice(vocab.COMPLAINT_COMMENTS)
        elif x < p_praise + p_complaint + p_neutral:
            c.comment = r.choice(vocab.NEUTRAL_COMMENTS)
        if c.agent in ("李娜", "陈静"):
            if level == "dissatisfied" and c.complaint_theme and r.random() < 0.6:
                c.complaint_flag = "是"
            elif r.random() < 0.7:
                c.complaint_flag = "否"

    def praise(self, c, d):
        r = self.rng
        tpl = r.choice(vocab.PRAISE_COMMENTS)
        c.comment = tpl.format(dept=d.department, doc=d.attending[0] if "主任" in tpl else d.attending,
                               nurse=r.choice(vocab.SURNAMES) + r.choice(vocab.GIVEN_1))
        c.praise_comment = True
        if c.agent in ("李娜", "陈静") and r.random() < 0.7:
            c.praise_col = d.attending + "医生"

    # MARK: - the whole set
    def generate(self):
        r = self.rng
        final = self.final
        keys = sorted(final, key=lambda k: (final[k].discharge, k[0]))
        excl = {k: his_exclusion(final[k], self.dnc) for k in keys}
        nums = {k: numbers_of(final[k], self.shared) for k in keys}
        scripted = self.script(keys, excl, nums)
        for k in keys:
            d = final[k]
            if k in scripted:
                scripted[k]()
            elif excl[k] is None:
                self.run_plan(d, self.random_plan(d, nums[k]), nums[k])
        self.extras(keys, excl, nums)
        return self.calls

    def pick(self, keys, excl, nums, cond, taken, count):
        pool = [k for k in keys if excl[k] is None and k not in taken and cond(self.final[k], nums[k])]
        chosen = self.rng.sample(pool, min(count, len(pool)))
        taken.update(chosen)
        return chosen

    def script(self, keys, excl, nums):
        """Scripted discharges: key -> function writing its calls."""
        r = self.rng
        messy = self.p.messy
        taken, out = set(), {}
        single = lambda d, n: len(n) >= 1 and not d.tags and len(self.keys_of[d.inpatient_no]) == 1
        # died after discharge
        for k in self.pick(keys, excl, nums, single, taken, 3 if messy else 1):
            out[k] = lambda k=k: self.run_plan(self.final[k], ["no_answer", "deceased"], nums[k])
        # agent evidence that carries to the patient's later discharge (messy only)
        if messy:
            for no, ks in sorted(self.keys_of.items()):
                if len(ks) == 2 and all(excl[k] is None for k in ks) and len(nums[ks[0]]) == 1 \
                        and nums[ks[0]] == nums[ks[1]] and not (set(ks) & taken):
                    a, b = ks
                    taken.update(ks)
                    out[a] = lambda a=a: self.run_plan(self.final[a], ["no_answer", "invalid_number"], nums[a])
                    out[b] = lambda: None
                    self.final[a].tags.append("evidence_carries")
                    self.final[b].tags.append("evidence_carries")
                    break
            # wrong number on the first of two numbers, then reached on the second
            for k in self.pick(keys, excl, nums, lambda d, n: len(n) == 2 and not d.tags, taken, 2):
                out[k] = lambda k=k: self.run_plan(self.final[k], ["wrong_number", "reached"], nums[k])
        # a call dated before the discharge: once beside a real reached call, once alone
        for i, k in enumerate(self.pick(keys, excl, nums, single, taken, 2 if messy else 1)):
            def before(k=k, alone=(i == 1 or not messy)):
                d = self.final[k]
                agent = self.mode1_agents[0]
                early = d.discharge.date() - dt.timedelta(days=r.randint(4, 9) if not alone else 28)
                c = self.add(d, agent, "no_answer" if not alone else "reached", early, nums[k][0], mode=1)
                c.tags.append("before_discharge")
                if not alone:
                    self.run_plan(d, ["reached"], nums[k])
                else:
                    self.answers(c, d)
            out[k] = before
        # calls after the as-of date for discharges near the end of the data
        last = self.p.as_of - dt.timedelta(days=21)
        late = self.pick(keys, excl, nums, lambda d, n: d.discharge.date() >= last and n and not d.tags, taken, 4)
        for k in late:
            def after(k=k):
                d = self.final[k]
                a = self.run_plan(d, ["no_answer", "reached"], nums[k],
                                  first_day=self.p.as_of - dt.timedelta(days=3), gap=(6, 8))
                for c in a:
                    if c.when.date() > self.p.as_of:
                        c.tags.append("after_as_of")
            out[k] = after
        # two reached calls: the first without a rating (family answered), the second rated
        for k in self.pick(keys, excl, nums, lambda d, n: n and not d.tags, taken, 6 if messy else 2):
            def twice(k=k):
                d = self.final[k]
                a = self.run_plan(d, ["reached"], nums[k], rating=False)
                if a:
                    c = self.add(d, a[0].agent, "reached", a[0].when.date() + dt.timedelta(days=2), nums[k][0])
                    self.answers(c, d)
            out[k] = twice
        # an excluded discharge called anyway (must not count)
        ex = [k for k in keys if excl[k] == "left_against_advice" and nums[k]]
        if ex:
            k = ex[0]
            out[k] = lambda k=k: self.run_plan(self.final[k], ["reached"], nums[k])
        return out

    def extras(self, keys, excl, nums):
        """Unmatched calls, duplicates, hostile comments, words with notes."""
        r = self.rng
        messy = self.p.messy
        agent = self.mode1_agents[0]
        ref = self.final[keys[len(keys) // 2]]
        self.unmatched(agent, ref, mode=1)
        if messy and "刘洋" in self.p.agents:
            self.unmatched("刘洋", self.final[keys[len(keys) // 3]], mode=3)
        counted = [c for c in self.calls if not c.tags and c.target is not None]
        # duplicates: the same call logged twice
        if "陈静" in self.p.agents:
            cands = [c for c in counted if c.agent == agent and c.has_time and c.mode == 1]
            if cands:
                r.choice(cands).duplicate_in.append("陈静")
        if messy and "李娜" in self.p.agents:
            for c in r.sample([c for c in counted if c.agent == "李娜"], 2):
                c.duplicate_in.append("next_week")
        reached = [c for c in counted if c.code == "reached" and c.satisfaction == "satisfied" and not c.comment
                   and not c.duplicate_in]
        if messy:
            for text, who in zip(vocab.ESCAPE_COMMENTS, ["王芳", "刘洋"]):
                mine = [c for c in reached if c.agent == who and not c.comment]
                if mine:
                    mine[0].comment = text
                    mine[0].tags.append("escape_comment")
            mine = [c for c in reached if not c.comment and not c.tags]
            if mine:
                c = mine[0]
                d = self.final[c.target]
                c.comment, c.complaint_theme = vocab.MIXED_COMMENT[0].format(doc=d.attending), vocab.MIXED_COMMENT[1]
                c.praise_comment = True
                c.tags.append("mixed_comment")
            noted = [c for c in counted if c.code == "powered_off" and not c.tags]
            if noted:
                noted[0].word = "关机(打了两次)"
                noted[0].tags.append("word_with_note")
            noted = [c for c in counted if c.code == "reached" and c.agent == "陈静" and not c.tags]
            if noted:
                noted[0].word = "已接通，家属代答"
                noted[0].tags.append("word_with_note")

    def unmatched(self, agent, ref, mode):
        """A call that matches no discharge: unknown 住院号 (mode 1) or unknown phone (mode 3)."""
        r = self.rng
        when, has_time = self.when(agent, ref.discharge.date() + dt.timedelta(days=3))
        no = None if mode == 3 else "3999" + str(r.randint(100, 999))
        while no in self.w.used_nos:
            no = "3999" + str(r.randint(100, 999))
        c = Call(len(self.calls) + 1, agent, None, when, has_time, "no_answer", self.word(agent, "no_answer"), mode,
                 no, ref.discharge.date() if mode == 1 else None, self.w.book.mobile(), self.w.person_name(),
                 ref.department, tags=["unmatched"])
        c.month = (ref.discharge.year, ref.discharge.month)
        self.calls.append(c)
        return c
