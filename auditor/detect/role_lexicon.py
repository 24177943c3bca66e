"""The roles detector's word lists: English and Spanish titles with their gender, the less specific form
of a title, the words that never start a name, and the aliases names are matched through."""

from __future__ import annotations


#: surface phrase (folded, space separated) -> (canonical role, gender "m"/"f"/None)
_EN_ROLES: dict[str, tuple[str, str | None]] = {
    "president": ("president", None),
    "vice president": ("vice_president", None),
    "vice-president": ("vice_president", None),
    "prime minister": ("prime_minister", None),
    "deputy prime minister": ("deputy_prime_minister", None),
    "minister": ("minister", None),
    "foreign minister": ("foreign_minister", None),
    "secretary": ("secretary", None),
    "secretary of state": ("secretary_of_state", None),
    "secretary-general": ("secretary_general", None),
    "secretary general": ("secretary_general", None),
    "spokesperson": ("spokesperson", None),
    "spokesman": ("spokesperson", "m"),
    "spokeswoman": ("spokesperson", "f"),
    "official": ("official", None),
    "officer": ("officer", None),
    "lawmaker": ("lawmaker", None),
    "congressman": ("lawmaker", "m"),
    "congresswoman": ("lawmaker", "f"),
    "senator": ("senator", None),
    "governor": ("governor", None),
    "mayor": ("mayor", None),
    "ambassador": ("ambassador", None),
    "general": ("general", None),
    "chief": ("chief", None),
    "ceo": ("ceo", None),
    "chief executive": ("ceo", None),
    "chairman": ("chair", "m"),
    "chairwoman": ("chair", "f"),
    "chairperson": ("chair", None),
    "king": ("monarch", "m"),
    "queen": ("monarch", "f"),
    "prince": ("prince", "m"),
    "princess": ("prince", "f"),
    "pope": ("pope", None),
    "judge": ("judge", None),
    "prosecutor": ("prosecutor", None),
    "attorney general": ("attorney_general", None),
    "chancellor": ("chancellor", None),
    "inspector general": ("inspector_general", None),
    "deputy inspector general": ("deputy_inspector_general", None),
    "executive director": ("ceo", None),  # Spanish renders both as "director ejecutivo"
    "managing director": ("ceo", None),
}

_ES_ROLES: dict[str, tuple[str, str | None]] = {
    "presidente": ("president", "m"),
    "presidenta": ("president", "f"),
    "vicepresidente": ("vice_president", "m"),
    "vicepresidenta": ("vice_president", "f"),
    "primer ministro": ("prime_minister", "m"),
    "primera ministra": ("prime_minister", "f"),
    "viceprimer ministro": ("deputy_prime_minister", "m"),
    "viceprimera ministra": ("deputy_prime_minister", "f"),
    "ministro": ("minister", "m"),
    "ministra": ("minister", "f"),
    "ministro de exteriores": ("foreign_minister", "m"),
    "ministra de exteriores": ("foreign_minister", "f"),
    "canciller": ("foreign_minister", None),
    "portavoz": ("spokesperson", None),
    "vocero": ("spokesperson", "m"),
    "vocera": ("spokesperson", "f"),
    "secretario": ("secretary", "m"),
    "secretaria": ("secretary", "f"),
    "secretario de estado": ("secretary_of_state", "m"),
    "secretaria de estado": ("secretary_of_state", "f"),
    "secretario general": ("secretary_general", "m"),
    "secretaria general": ("secretary_general", "f"),
    "funcionario": ("official", "m"),
    "funcionaria": ("official", "f"),
    "diputado": ("lawmaker", "m"),
    "diputada": ("lawmaker", "f"),
    "legislador": ("lawmaker", "m"),
    "legisladora": ("lawmaker", "f"),
    "senador": ("senator", "m"),
    "senadora": ("senator", "f"),
    "gobernador": ("governor", "m"),
    "gobernadora": ("governor", "f"),
    "alcalde": ("mayor", "m"),
    "alcaldesa": ("mayor", "f"),
    "embajador": ("ambassador", "m"),
    "embajadora": ("ambassador", "f"),
    "general": ("general", None),
    "jefe": ("chief", "m"),
    "jefa": ("chief", "f"),
    "consejero delegado": ("ceo", "m"),
    "consejera delegada": ("ceo", "f"),
    # "director ejecutivo" is how Spanish news renders both CEO and executive director
    "director ejecutivo": ("ceo", "m"),
    "directora ejecutiva": ("ceo", "f"),
    "inspector general": ("inspector_general", "m"),
    "inspectora general": ("inspector_general", "f"),
    "inspector general adjunto": ("deputy_inspector_general", "m"),
    "inspectora general adjunta": ("deputy_inspector_general", "f"),
    "rey": ("monarch", "m"),
    "reina": ("monarch", "f"),
    "principe": ("prince", "m"),
    "princesa": ("prince", "f"),
    "papa": ("pope", None),
    "juez": ("judge", None),
    "jueza": ("judge", "f"),
    "fiscal": ("prosecutor", None),
    "fiscal general": ("attorney_general", None),
}

#: A role and a less specific one ("foreign minister" -> "minister"): major, not critical.
_GENERALISES = {
    "deputy_inspector_general": "inspector_general",
    "foreign_minister": "minister",
    "secretary_of_state": "secretary",
    "deputy_prime_minister": "minister",
}

_MAX_ROLE_TOKENS = 3

#: Capitalised words that never start a name (sentence openers, articles).
_STOP_CAPS = frozenset(
    "the a an in on at for but and or as after before when while this that these those it he she they we "
    "el la los las un una en y o pero tras ayer hoy segun para por con de del al este esta".split()
)
_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
_OF = frozenset({"of", "de", "del"})
_PARTICLES = frozenset({"de", "del", "da", "dos", "van", "von", "di", "le", "al", "bin", "y"})

#: A small alias table: folded spelling -> canonical key.
_ALIASES = {
    "us": "united states",
    "u s": "united states",
    "usa": "united states",
    "u s a": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "u k": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "un": "united nations",
    "u n": "united nations",
    "eu": "european union",
    "e u": "european union",
    "nato": "north atlantic treaty organization",
    "uae": "united arab emirates",
    "kiev": "kyiv",
    "americans": "united states",
    "american": "united states",
    "british": "united kingdom",
}


ROLE_LANGS = frozenset({"en", "es"})  # languages with a role lexicon


def _lexicon(lang: str) -> dict[str, tuple[str, str | None]]:
    if lang == "en":
        return _EN_ROLES
    if lang == "es":
        return _ES_ROLES
    return {**_ES_ROLES, **_EN_ROLES}
