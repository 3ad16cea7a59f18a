"""The sections a ministry's implementation report has by default (the 2019 call asked for
strategy, systems and infrastructure, benefits, challenges and recommendations, and for the
sector institutions to be included). A call starts with these; organisers may edit them."""
from dataclasses import dataclass


@dataclass(frozen=True)
class StandardSection:
    code: str
    title_sw: str
    title_en: str
    guidance_sw: str
    guidance_en: str


CHALLENGES = "challenges"
RECOMMENDATIONS = "recommendations"
SECTOR_INSTITUTIONS = "sector_institutions"

STANDARD_SECTIONS: tuple[StandardSection, ...] = (
    StandardSection(
        "strategy", "Mkakati na mipango", "Strategy and plans",
        "Mkakati wa TEHAMA wa Wizara, mipango na bajeti yake ya Serikali Mtandao.",
        "The ministry's ICT strategy, its e-Government plans and their budget.",
    ),
    StandardSection(
        "systems", "Mifumo na miundombinu", "Systems and infrastructure",
        "Mifumo ya TEHAMA inayotumika na hali ya miundombinu (mtandao, vituo vya data, usalama).",
        "The ICT systems in use and the state of the infrastructure (network, data centres, security).",
    ),
    StandardSection(
        "e_services", "Huduma mtandao kwa wananchi na wafanyabiashara", "E-services to citizens and businesses",
        "Huduma zinazotolewa mtandaoni, watumiaji wake na jinsi zinavyopatikana.",
        "The services offered online, who uses them and how they are reached.",
    ),
    StandardSection(
        "interoperability", "Mawasiliano ya mifumo na huduma za pamoja", "Interoperability and shared services",
        "Mifumo inayobadilishana taarifa na taasisi nyingine na huduma za pamoja zinazotumika.",
        "Systems that exchange data with other institutions, and the shared services used.",
    ),
    StandardSection(
        "benefits", "Faida kwa Serikali na wananchi", "Benefits to government and citizens",
        "Faida zilizopatikana: muda, gharama, mapato na ubora wa huduma.",
        "The benefits achieved: time, cost, revenue and quality of service.",
    ),
    StandardSection(
        CHALLENGES, "Changamoto", "Challenges",
        "Changamoto zinazojitokeza katika utekelezaji wa Serikali Mtandao.",
        "The challenges met in implementing e-Government.",
    ),
    StandardSection(
        RECOMMENDATIONS, "Mapendekezo", "Recommendations",
        "Mapendekezo ya kutatua changamoto hizo.",
        "Recommendations for overcoming those challenges.",
    ),
    StandardSection(
        SECTOR_INSTITUTIONS, "Taasisi za kisekta zilizojumuishwa", "Sector institutions covered",
        "Taasisi zilizo chini ya Wizara ambazo taarifa hii inazihusu.",
        "The institutions under the ministry that this report covers.",
    ),
)
