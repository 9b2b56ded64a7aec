#!/usr/bin/env python3
"""Generates ops/demo/roster.csv for the fictional Huajing Experimental School (campus "hj").

Deterministic (a fixed linear congruential generator, no random module), stdlib only:
    python3 ops/demo/make-roster.py > ops/demo/roster.csv

640 students S1001..S1640: grades 7-11, 4 classes each (g7-1 .. g11-4), 32 per class.
About 60% board; boarding boys sleep in Pine House (grades 7-8) or Cedar House (grades 9-11),
boarding girls in Plum House (grades 7-8) or Orchid House (grades 9-11).
Each student has one or two guardians with varied notice preferences. Names are invented
pinyin combinations; any resemblance to real people is accidental.
"""
import csv
import sys

SURNAMES = ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu",
            "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo",
            "Liang", "Song", "Zheng", "Xie", "Han", "Tang", "Feng", "Yu", "Dong", "Xiao"]
BOY = ["Hao", "Yu", "Chen", "Jun", "Kai", "Lei", "Peng", "Tao", "Wei", "Xiang",
       "Yang", "Zhe", "Bo", "Jie", "Ming", "Rui", "Sheng", "Tian", "Xuan", "Yi"]
GIRL = ["Fang", "Jing", "Lan", "Li", "Min", "Na", "Qian", "Rong", "Ting", "Wen",
        "Xin", "Yan", "Ying", "Yue", "Hui", "Jia", "Lu", "Mei", "Shan", "Xue"]
ADULT = ["Guoqiang", "Jianhua", "Zhiming", "Weidong", "Haitao", "Xiaohong", "Lihua",
         "Yufang", "Shuqin", "Meiling", "Jianguo", "Hongmei", "Dehua", "Cuiping", "Yongsheng"]
# (notices, weight): most guardians want everything; some only a subset; a few none.
NOTICES = [("all", 10), ("arrival;departure", 4), ("dorm-check-in", 2), ("departure", 2),
           ("none", 1), ("arrival;dorm-check-in", 1)]

HEADER = ["student_id", "name", "grade", "class_id", "boarding", "dorm_id",
          "guardian_id", "guardian_name", "guardian_contact", "guardian_notices"]


class Lcg:
    """A small deterministic pseudo-random sequence (numerical recipes constants)."""

    def __init__(self, seed):
        self.state = seed

    def next(self, bound):
        self.state = (self.state * 1664525 + 1013904223) % 2**32
        return (self.state >> 8) % bound

    def pick(self, items):
        return items[self.next(len(items))]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        n = self.next(total)
        for value, weight in pairs:
            if n < weight:
                return value
            n -= weight
        return pairs[-1][0]


def dorm_for(grade, girl):
    if grade <= 8:
        return "dorm-plum" if girl else "dorm-pine"
    return "dorm-orchid" if girl else "dorm-cedar"


def main():
    rng = Lcg(20260901)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(HEADER)
    number = 1001
    for grade in range(7, 12):
        for klass in range(1, 5):
            for seat in range(32):
                girl = seat % 2 == 1
                surname = rng.pick(SURNAMES)
                given = rng.pick(GIRL if girl else BOY)
                if rng.next(3) == 0:
                    given += rng.pick(GIRL if girl else BOY).lower()
                boarding = rng.next(100) < 60
                student = [f"S{number}", f"{surname} {given}", str(grade), f"g{grade}-{klass}",
                           "yes" if boarding else "no", dorm_for(grade, girl) if boarding else ""]
                guardians = 2 if rng.next(100) < 45 else 1
                for g in range(1, guardians + 1):
                    guardian_surname = surname if g == 1 else rng.pick(SURNAMES)
                    contact = f"+86 139 {rng.next(10000):04d} {number % 10000:04d}"
                    out.writerow(student + [f"G{number}-{g}", f"{guardian_surname} {rng.pick(ADULT)}",
                                            contact, rng.weighted(NOTICES)])
                number += 1


if __name__ == "__main__":
    main()
