"""Time zones as people write them in incident reports: ``PST``, ``UTC+2``, ``Central European Time (CET)``.

Three kinds of zone, read in this order of trust:

* an explicit offset (``UTC+1``, ``GMT+2``, ``-07:00``) is exactly what it says.
  ``GMT+2`` means two hours ahead of UTC, as people write it (not the
  inverted sign of the POSIX ``Etc/GMT+2``);
* a region's name or abbreviation (``PST``, ``CEST``, ``Pacific time``,
  ``US/Pacific``, ``Zurich time``) is that region's zone in the tz database,
  daylight saving included: "PST" written in July is Pacific time, seven
  hours behind UTC that day, because authors keep writing "PST" all year.
  :meth:`Zone.season_note` says so whenever that reading differs from the
  abbreviation's own offset;
* an abbreviation without a region (``JST``, ``IST``) is its fixed offset.

When a phrase names several ("PST (UTC-7)", "UTC+1 (Zurich time)"), the
explicit offset wins.

    >>> find_zone("PDT").describe
    'PDT, read as Pacific time (America/Los_Angeles)'
    >>> find_zone("IST").describe
    'IST, read as India Standard Time (UTC+05:30)'
    >>> zone_in_phrase("PST (UTC-7)").describe
    'UTC-07:00'
    >>> find_zone("API") is None
    True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Zone:
    """A time zone found in a source, and how to say which one it was read as."""

    tz: dt.tzinfo
    #: as the source wrote it: "PDT", "UTC+2", "Europe/Berlin"
    label: str
    #: for reports and notes: "PDT, read as Pacific time (America/Los_Angeles)"
    describe: str
    #: for an abbreviation read as its region's zone: True when it names summer time (PDT, CEST)
    summer: bool | None = None
    #: that region, for notes: "Pacific time"
    region: str = ""

    @property
    def is_utc(self) -> bool:
        """True for a fixed zero offset: nothing to convert."""
        return isinstance(self.tz, dt.timezone) and self.tz.utcoffset(None) == dt.timedelta(0)

    def offset_on(self, local: dt.datetime) -> dt.timedelta:
        return local.replace(tzinfo=self.tz).utcoffset() or dt.timedelta(0)

    def season_note(self, local: dt.datetime) -> str:
        """A note when an abbreviation's season disagrees with the date ("PST" written in July)."""
        if self.summer is None:
            return ""
        in_summer = bool(local.replace(tzinfo=self.tz).dst())
        if in_summer == self.summer:
            return ""
        season = "summer" if in_summer else "standard"
        return (
            f"{self.label} written for {local:%Y-%m-%d}, in {season} time: read as "
            f"{self.region}, {format_offset(self.offset_on(local))} that day"
        )


def format_offset(offset: dt.timedelta) -> str:
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _fixed(hours: int, minutes: int = 0) -> dt.timezone:
    sign = -1 if hours < 0 else 1
    return dt.timezone(sign * dt.timedelta(hours=abs(hours), minutes=minutes))


#: Abbreviations of a region that observes daylight saving: (IANA zone, region, names summer time).
_REGIONAL: dict[str, tuple[str, str, bool]] = {
    "PST": ("America/Los_Angeles", "Pacific time", False),
    "PDT": ("America/Los_Angeles", "Pacific time", True),
    "PT": ("America/Los_Angeles", "Pacific time", False),
    "MST": ("America/Denver", "Mountain time", False),
    "MDT": ("America/Denver", "Mountain time", True),
    "CST": ("America/Chicago", "US Central time", False),
    "CDT": ("America/Chicago", "US Central time", True),
    "EST": ("America/New_York", "US Eastern time", False),
    "EDT": ("America/New_York", "US Eastern time", True),
    "ET": ("America/New_York", "US Eastern time", False),
    "AKST": ("America/Anchorage", "Alaska time", False),
    "AKDT": ("America/Anchorage", "Alaska time", True),
    "CET": ("Europe/Berlin", "Central European time", False),
    "CEST": ("Europe/Berlin", "Central European time", True),
    "MEZ": ("Europe/Berlin", "Central European time", False),
    "MESZ": ("Europe/Berlin", "Central European time", True),
    "EET": ("Europe/Helsinki", "Eastern European time", False),
    "EEST": ("Europe/Helsinki", "Eastern European time", True),
    "WET": ("Europe/Lisbon", "Western European time", False),
    "WEST": ("Europe/Lisbon", "Western European time", True),
    "BST": ("Europe/London", "UK time", True),
    "AEST": ("Australia/Sydney", "Australian Eastern time", False),
    "AEDT": ("Australia/Sydney", "Australian Eastern time", True),
    "NZST": ("Pacific/Auckland", "New Zealand time", False),
    "NZDT": ("Pacific/Auckland", "New Zealand time", True),
}

#: Abbreviations of a fixed offset, with the name they are read as where the letters alone may
#: not say it ("IST", "CAT").
_FIXED: dict[str, tuple[dt.timezone, str]] = {
    "IST": (_fixed(5, 30), "India Standard Time"),
    "MSK": (_fixed(3), ""),
    "JST": (_fixed(9), ""),
    "KST": (_fixed(9), ""),
    "SGT": (_fixed(8), ""),
    "HKT": (_fixed(8), ""),
    "AWST": (_fixed(8), ""),
    "ACST": (_fixed(9, 30), ""),
    "HST": (_fixed(-10), ""),
    "BRT": (_fixed(-3), ""),
    # Africa and Asia: none of these regions keeps daylight saving, and none of these
    # abbreviations names another zone in common use. "AST" (Arabia or Atlantic) and "CST"
    # (China or US Central) do, so they stay out or keep their one reading.
    "CAT": (_fixed(2), "Central Africa Time"),
    "EAT": (_fixed(3), "East Africa Time"),
    "WAT": (_fixed(1), "West Africa Time"),
    "SAST": (_fixed(2), "South Africa Standard Time"),
    "GST": (_fixed(4), "Gulf Standard Time"),
    "PKT": (_fixed(5), "Pakistan Standard Time"),
    "NPT": (_fixed(5, 45), "Nepal Time"),
    "ICT": (_fixed(7), "Indochina Time"),
    "WIB": (_fixed(7), "Western Indonesia Time"),
    "PHT": (_fixed(8), "Philippine Time"),
    "PHST": (_fixed(8), "Philippine Standard Time"),
}

#: Abbreviations that incident write-ups also use as words: "GST" a sales tax, "ICT" the
#: IT department, "PKT" a packet, "CAT" a category or the command. Right after a row's time
#: they are its zone only when a mark or a bracket follows ("3:00 PM CAT - ..."), never
#: when the words go on ("10:05 GST totals wrong on invoices").
ALSO_WORDS = frozenset({"CAT", "GST", "ICT", "PKT"})

#: Zones written out in full, read as the abbreviation they spell out: a fixed one's
#: "Standard Time" is its fixed offset, a region's follows the region as its abbreviation
#: does. Checked before :data:`_NAMED`, where "Eastern" alone is US Eastern time.
_FULL_NAMES: dict[str, str] = {
    "india standard time": "IST",
    "indian standard time": "IST",
    "moscow standard time": "MSK",
    "japan standard time": "JST",
    "korea standard time": "KST",
    "korean standard time": "KST",
    "korea time": "KST",
    "korean time": "KST",
    # The same names in Japanese and Korean: "日本時間" (Japan time), "日本標準時" (Japan
    # Standard Time), "韓国時間" and "한국 시간" (Korea time).
    "日本時間": "JST",
    "日本標準時": "JST",
    "韓国時間": "KST",
    "한국 시간": "KST",
    "한국시간": "KST",
    "한국 표준시": "KST",
    "singapore standard time": "SGT",
    "hong kong time": "HKT",
    "australian western standard time": "AWST",
    "australian central standard time": "ACST",
    "hawaii standard time": "HST",
    "hawaii-aleutian standard time": "HST",
    "brasilia time": "BRT",
    "brasília time": "BRT",
    "central africa time": "CAT",
    "central african time": "CAT",
    "east africa time": "EAT",
    "east african time": "EAT",
    "west africa time": "WAT",
    "west african time": "WAT",
    "south africa standard time": "SAST",
    "south african standard time": "SAST",
    "gulf standard time": "GST",
    "pakistan standard time": "PKT",
    "nepal time": "NPT",
    "nepal standard time": "NPT",
    "indochina time": "ICT",
    "western indonesia time": "WIB",
    "western indonesian time": "WIB",
    "philippine time": "PHT",
    "philippine standard time": "PHST",
    "australian eastern standard time": "AEST",
    "australian eastern daylight time": "AEDT",
    "alaska standard time": "AKST",
    "alaska daylight time": "AKDT",
    "new zealand standard time": "NZST",
    "new zealand daylight time": "NZDT",
}

#: Names of a region, with or without "time": each follows daylight saving.
_NAMED: dict[str, str] = {
    "pacific": "America/Los_Angeles",
    "pacific standard": "America/Los_Angeles",
    "pacific daylight": "America/Los_Angeles",
    "us/pacific": "America/Los_Angeles",
    "uc/pacific": "America/Los_Angeles",  # a common slip for US/Pacific
    "us pacific": "America/Los_Angeles",
    "california": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "mountain": "America/Denver",
    "us/mountain": "America/Denver",
    "us mountain": "America/Denver",
    "central": "America/Chicago",
    "us central": "America/Chicago",
    "us/central": "America/Chicago",
    "eastern": "America/New_York",
    "us eastern": "America/New_York",
    "us/eastern": "America/New_York",
    "new york": "America/New_York",
    "central european": "Europe/Berlin",
    "central european summer": "Europe/Berlin",
    "central europe": "Europe/Berlin",
    "cet/cest": "Europe/Berlin",
    "berlin": "Europe/Berlin",
    "german": "Europe/Berlin",
    "zurich": "Europe/Zurich",
    "swiss": "Europe/Zurich",
    "paris": "Europe/Paris",
    "amsterdam": "Europe/Amsterdam",
    "oslo": "Europe/Oslo",
    "norwegian": "Europe/Oslo",
    "stockholm": "Europe/Stockholm",
    "madrid": "Europe/Madrid",
    "vienna": "Europe/Vienna",
    "uk": "Europe/London",
    "london": "Europe/London",
    "british": "Europe/London",
    "eastern european": "Europe/Helsinki",
    "india": "Asia/Kolkata",
    "tokyo": "Asia/Tokyo",
    "japan": "Asia/Tokyo",
    "japanese": "Asia/Tokyo",
    "sydney": "Australia/Sydney",
    # China keeps one zone, UTC+8 all year: "Beijing time", "北京时间" (Beijing time),
    # "中国标准时间" (China Standard Time; "CST" alone is US Central time here).
    "beijing": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "china standard": "Asia/Shanghai",
    "北京时间": "Asia/Shanghai",
    "北京時間": "Asia/Shanghai",  # the same, in Japanese and traditional characters
    "中国标准时间": "Asia/Shanghai",
    # Taiwan keeps UTC+8 all year too, a zone of its own: "台北時間" (Taipei time).
    "台北時間": "Asia/Taipei",
    "台北时间": "Asia/Taipei",
    "台湾时间": "Asia/Taipei",
    "台灣時間": "Asia/Taipei",
    # Names whose own word for time comes first: "hora de Brasília" (also "horário de
    # Brasília"), "hora peninsular" (mainland Spain, not the Canaries), "heure de Paris",
    # "deutsche Zeit" ("in deutscher Zeit").
    "hora de brasília": "America/Sao_Paulo",
    "hora de brasilia": "America/Sao_Paulo",
    "horário de brasília": "America/Sao_Paulo",
    "horario de brasilia": "America/Sao_Paulo",
    "hora peninsular": "Europe/Madrid",
    # Spanish and Portuguese name a zone by its city after their word for time, as Brazil's
    # "hora de Brasília" is: "hora de Madrid", "hora de Lisboa", "hora de Ciudad de México".
    "hora de madrid": "Europe/Madrid",
    "horario de madrid": "Europe/Madrid",
    "hora de españa": "Europe/Madrid",
    "hora de canarias": "Atlantic/Canary",
    "hora de lisboa": "Europe/Lisbon",
    "horário de lisboa": "Europe/Lisbon",
    "hora de portugal": "Europe/Lisbon",
    "hora de ciudad de méxico": "America/Mexico_City",
    "hora del centro de méxico": "America/Mexico_City",
    "hora de bogotá": "America/Bogota",
    "hora de lima": "America/Lima",
    "hora de buenos aires": "America/Argentina/Buenos_Aires",
    "heure de paris": "Europe/Paris",
    "deutsche zeit": "Europe/Berlin",
    "deutscher zeit": "Europe/Berlin",
}

#: A name of :data:`_NAMED` that carries its own word for time ("北京时间", "hora peninsular",
#: "deutsche Zeit") is whole as written; no English "time" follows it.
_OWN_TIME_WORD = re.compile(r"时间|時間|\b(?:hora|horário|horario|heure|zeit)\b")

_OFFSET = re.compile(r"^(?:(?:UTC|GMT|Z)\s*)?([+\-\u2212])\s*(\d{1,2})(?:(?::|h)?(\d{2}))?$", re.I)
_IANA = re.compile(r"^[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_\-+0-9]+){1,2}$")
_FULL_NAME_WORDS = "|".join(
    sorted((re.escape(n).replace(r"\ ", r"\s+") for n in _FULL_NAMES), key=len, reverse=True)
)
_NAME_WORDS = "|".join(
    sorted(
        (
            re.escape(n).replace(r"\ ", r"\s+")
            for n in _NAMED
            if "/" not in n and not _OWN_TIME_WORD.search(n)
        ),
        key=len,
        reverse=True,
    )
)
_WHOLE_NAME_WORDS = "|".join(
    sorted(
        (re.escape(n).replace(r"\ ", r"\s+") for n in _NAMED if _OWN_TIME_WORD.search(n)),
        key=len,
        reverse=True,
    )
)

#: A regex alternation matching what :func:`find_zone` may accept (then checked there).
ZONE_TOKEN = (
    r"(?:(?:UTC|GMT)\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?(?!\d|:\d)"
    r"|[+\-\u2212]\d{2}:?\d{2}"
    r"|[A-Za-z]{2}/[A-Z][a-z]+"
    r"|[A-Z][A-Za-z_]+/[A-Z][A-Za-z_\-+0-9]+(?:/[A-Z][A-Za-z_\-+0-9]+)?"
    rf"|(?i:{_FULL_NAME_WORDS})"
    rf"|(?i:(?:{_NAME_WORDS})(?:\s+(?:standard|daylight|summer))?\s+time)"
    # "US Central" without "time" too, as "All times are US Central." writes it; "US"
    # alone would be tried (and refused) before the region otherwise.
    r"|(?:US\s+)?(?:Pacific|Mountain|Central|Eastern)(?!\s+European)"
    # Names with their own word for time: "北京时间", "hora de Brasília", "deutsche Zeit".
    rf"|(?i:{_WHOLE_NAME_WORDS})"
    r"|[A-Z]{1,5})"
)


def _offset_zone(text: str) -> Zone | None:
    match = _OFFSET.match(text)
    if not match:
        return None
    sign = -1 if match.group(1) in "-\u2212" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    label = format_offset(tz.utcoffset(None) or dt.timedelta(0))
    return Zone(tz, label, label if label != "UTC+00:00" else "UTC")


def _named_zone(text: str, name: str) -> Zone | None:
    try:
        return Zone(ZoneInfo(name), text, f"{text} ({name})" if text != name else name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _abbreviation_zone(abbreviation: str, label: str) -> Zone | None:
    """The zone of an abbreviation of the tables, said as ``label`` (it or its full name)."""
    if abbreviation in _REGIONAL:
        name, region, summer = _REGIONAL[abbreviation]
        zone = _named_zone(label, name)
        if zone is not None:
            return Zone(zone.tz, label, f"{label}, read as {region} ({name})", summer, region)
    if abbreviation in _FIXED:
        tz, note = _FIXED[abbreviation]
        offset = format_offset(tz.utcoffset(None) or dt.timedelta(0))
        # A full name is its own note: "Japan Standard Time (UTC+09:00)".
        if note and note.lower() != label.lower():
            return Zone(tz, label, f"{label}, read as {note} ({offset})")
        return Zone(tz, label, f"{label} ({offset})")
    return None


def find_zone(token: str) -> Zone | None:
    """The zone ``token`` names, or None when it is not a zone we know."""
    text = " ".join(token.strip().strip("()").split())
    if not text:
        return None
    upper = text.upper()
    if upper in ("UTC", "GMT", "Z", "UCT", "ZULU"):
        return UTC
    if text.isupper():
        zone = _abbreviation_zone(upper, upper)
        if zone is not None:
            return zone
    spelled_out = _FULL_NAMES.get(text.lower())
    if spelled_out is not None:
        return _abbreviation_zone(spelled_out, text)
    offset_zone = _offset_zone(text)
    if offset_zone is not None:
        return offset_zone
    lowered = re.sub(r"\s+(?:standard|daylight|summer)?\s*time$", "", text.lower()).strip()
    lowered = re.sub(r"\s+(?:standard|daylight|summer)$", "", lowered)
    named = _NAMED.get(lowered) or _NAMED.get(text.lower())
    if named is not None:
        return _named_zone(text, named)
    if _IANA.match(text):
        return _named_zone(text, text)
    return None


UTC = Zone(dt.timezone.utc, "UTC", "UTC")

#: Chinese, Japanese and Korean letters. Those languages write a zone's name with no space
#: around it ("在北京时间10:05", "日本時間で"): such a letter beside a name so written does not
#: make it part of a longer word. A zone in Latin letters keeps its word bounds ("JSTで" is none).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_ZONE_START = rf"(?:(?=[{_CJK}])|(?<![\w/+\-]))"
_ZONE_END = rf"(?:(?<=[{_CJK}])|(?![\w/]))"
_CANDIDATE = re.compile(rf"{_ZONE_START}(?P<zone>{ZONE_TOKEN}){_ZONE_END}")


def zone_in_phrase(text: str) -> Zone | None:
    """The zone a short phrase names; an explicit offset wins over a name ("PST (UTC-7)")."""
    found: list[Zone] = []
    for match in _CANDIDATE.finditer(text):
        zone = find_zone(match.group("zone"))
        if zone is not None:
            found.append(zone)
    offsets = [z for z in found if isinstance(z.tz, dt.timezone) and z.label.startswith("UTC")]
    fixed_offsets = [z for z in offsets if z.label != "UTC"]
    if fixed_offsets:
        return fixed_offsets[0]
    return found[0] if found else None


# "All times in CEST", "(all times PDT)", "times are in UTC", "All times are Pacific",
# "Timezone: CET", "Time zone: UTC+1"; the same in other languages: "Todas las horas en UTC",
# "Alle Zeiten in MEZ", "时间均为 UTC+8", "すべての時刻は JST", "時刻はすべて JST", "모든 시간은 KST",
# "모든 시각은 KST 기준입니다" (시각: times of day).
_STATED = re.compile(
    r"(?:\b(?:all\s+)?(?:time\s*-?\s*zone|times?|timestamps?|hours|tz"
    r"|horas|horarios|horários|heures|zeiten|uhrzeiten|zeitangaben|zona\s+horaria|fuseau\s+horaire"
    r"|zeitzone|fuso\s+hor[aá]rio)\b|时区|时间|タイムゾーン|時刻|시간대|시간|시각)"
    r"\s*(?:are\s+|is\s+|shown\s+|given\s+|listed\s+|below\s+|here\s+"
    r"|written\s+|reported\s+|stated\s+|son\s+|est[aá]n\s+|sont\s+|sind\s+|s[aã]o\s+"
    r"|均为|均是|都是|为|は|은|는"
    # "all" after the word for time, as Japanese, Korean and Chinese also put it: "時刻はすべて
    # 日本時間", "시간은 모두 KST", "时间全部为北京时间", "时间统一为 UTC+8".
    r"|\s*(?:すべて|全て|全部|모두|전부|一律|统一|全都)\s*"
    r")*(?:in\s+|as\s+|en\s+|em\s+|[:\uff1a]\s*)?(?P<rest>[^.;\n\u3002]{1,80})",
    re.I,
)
#: "Times are the alerting tool's, in Eastern time (EDT)", "All times are from the paging
#: tool, in PDT": where the times come from, then their zone. No digits in between, and no
#: "times out": the words say where the times come from, nothing else.
_STATED_AFTER_SOURCE = re.compile(
    r"\b(?:all\s+)?(?:times|timestamps)\s+(?:are|were|below|here|shown|come)\b(?!\s+out\b)"
    r"(?P<words>[^.;\n\d]{1,60}?[\s,](?:in|as)\s+[^.;\n]{1,80})",
    re.I,
)
_IN_OR_AS = re.compile(r"[\s,](?:in|as)\s+", re.I)
#: ASCII brackets, or the full-width ones Chinese, Japanese and Korean are written with:
#: "時系列（JST）", "时间线（UTC+8）".
_PARENTHESISED = re.compile(r"[(\uff08](?P<inner>[^()\uff08\uff09]{1,60})[)\uff09]")


def stated_zone(text: str) -> Zone | None:
    """The zone a sentence such as "All times in CEST", "_All times in EDT_",
    "**Timezone**: CET" or "Times: UTC+1 (Zurich time)" states."""
    # Emphasis is not part of the words: "_All times in EDT_" states EDT.
    text = re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", "", text)
    for match in _STATED.finditer(text):
        rest = match.group("rest")
        # The zone must open the phrase: "times out after 30 s" states none.
        head = re.match(r"\s*[(\uff08]?\s*(?P<zone>" + ZONE_TOKEN + ")" + _ZONE_END, rest)
        if head is None or find_zone(head.group("zone")) is None:
            continue
        return zone_in_phrase(rest)
    for match in _STATED_AFTER_SOURCE.finditer(text):
        words = match.group("words")
        for word in _IN_OR_AS.finditer(words):
            rest = words[word.end() :]
            head = re.match(r"\s*[(\uff08]?\s*(?P<zone>" + ZONE_TOKEN + ")" + _ZONE_END, rest)
            if head is not None and find_zone(head.group("zone")) is not None:
                return zone_in_phrase(rest)
            if re.search(r"\d", words[: word.start()]):
                break
    return None


def bracketed_zone(text: str) -> Zone | None:
    """The zone named in brackets: "2024-03-04 (UTC)", "March 4, 2024 (all times CET)"."""
    for match in _PARENTHESISED.finditer(text):
        zone = zone_in_phrase(match.group("inner"))
        if zone is not None:
            return zone
    return None


def heading_zone(text: str) -> Zone | None:
    """The zone of a heading or column header: "Timeline (PDT)", "Time (UTC+2)", "Date and Time in CET"."""
    zone = stated_zone(text)
    if zone is not None:
        return zone
    zone = bracketed_zone(text)
    if zone is not None:
        return zone
    tail = re.search(r"\b(?:in|as)\s+(?P<rest>.{1,60})$", text)
    if tail is not None:
        head = re.match(r"\s*(?P<zone>" + ZONE_TOKEN + ")" + _ZONE_END, tail.group("rest"))
        if head is not None and find_zone(head.group("zone")) is not None:
            return zone_in_phrase(tail.group("rest"))
    return None
