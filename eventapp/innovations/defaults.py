"""What a new call starts with: the categories of 2019 (research papers and innovations) and a
scoring rubric of five criteria. Organisers edit both before the call opens."""
from dataclasses import dataclass


@dataclass(frozen=True)
class StandardCategory:
    code: str
    name_sw: str
    name_en: str


@dataclass(frozen=True)
class StandardCriterion:
    name_sw: str
    name_en: str
    description_sw: str
    description_en: str
    weight: int
    scale_max: int = 10


STANDARD_CATEGORIES: tuple[StandardCategory, ...] = (
    StandardCategory("research", "Utafiti", "Research paper"),
    StandardCategory("innovation", "Ubunifu", "Innovation"),
)

STANDARD_CRITERIA: tuple[StandardCriterion, ...] = (
    StandardCriterion("Ubunifu", "Innovation", "Upya wa wazo na jinsi linavyotofautiana na yaliyopo.",
                      "How new the idea is and how it differs from what exists.", 25),
    StandardCriterion("Umuhimu kwa Serikali Mtandao", "Relevance to e-Government",
                      "Jinsi linavyochangia huduma za Serikali kwa umma.",
                      "How it serves government services to the public.", 25),
    StandardCriterion("Utekelezekaji", "Feasibility", "Uwezekano wa kulitekeleza kwa rasilimali zilizopo.",
                      "Whether it can be built and run with the resources at hand.", 20),
    StandardCriterion("Matokeo", "Impact", "Manufaa yanayotarajiwa kwa wananchi na taasisi.",
                      "The benefit expected for citizens and institutions.", 20),
    StandardCriterion("Uwasilishaji", "Quality of presentation", "Uwazi wa maandishi, bango na maelezo.",
                      "The clarity of the paper, the poster and the explanation.", 10),
)
