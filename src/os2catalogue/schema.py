"""The product schema, declared once. Validation, the model, and later the JSON Schema, filters,
exports and contributor docs all read these declarations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Literal

from os2catalogue import model, urls

Kind = Literal["text", "slug", "flag", "date", "dated", "url", "path", "email", "count", "choice", "list", "map",
               "object"]


@dataclass(frozen=True)
class Field:
    """One field of the front matter.

    ``vocabulary`` names an attribute of :class:`os2catalogue.vocab.Vocabularies`: the allowed values of a
    ``choice`` field, or the allowed keys of a ``map``; ``item`` describes list items and map values;
    ``fields`` and ``build`` describe and construct nested objects.
    """

    key: str
    kind: Kind
    label: str
    doc: str
    required: bool = False
    vocabulary: str | None = None
    noun: str | None = None
    max_length: int | None = None
    min_items: int = 0
    unique: bool = False
    item: "Field | None" = None
    fields: tuple["Field", ...] = ()
    build: Callable[..., Any] | None = None
    facet: bool = False
    #: Dates are normally checked not to lie after the build date; a deadline may.
    future_allowed: bool = False
    example: Any = None
    #: A quotation: text that keeps its line breaks and is always shown escaped, so "<" in it is text, not HTML;
    #: other text is one line.
    multiline: bool = False
    #: The value used when the field is left out (written as a product file would write it).
    default: Any = None
    #: Text the theme writes unescaped into an HTML attribute (a post's title and description): '"' is refused.
    in_attribute: bool = False
    #: The model attribute holding the value, where it is not named like the key (a supplier's ``id``).
    attribute: str | None = None
    #: What a ``map``'s keys are, in Danish for the field reference ("krav-id").
    key_label: str | None = None
    #: How readers browse products by the field's values (pages per value, the filter's parameter), if they can.
    browse: Browse | None = None


@dataclass(frozen=True)
class Browse:
    """How readers browse the catalogue by a field's values: the facet behind the filter and the static pages,
    which exist whether or not the field is in the filter (``Field.facet``).

    The values are the entries of ``vocabulary`` found anywhere in the field's value (a body named in a user
    statement, the licence of a repository); a value's URL id is the slug of the entry's id.
    """

    #: The filter's URL parameter (``/produkter/?niveau=n1``).
    param: str
    #: The facet's name in the filter and the browse list.
    label: str
    #: The vocabulary whose entries are the values.
    vocabulary: str
    #: The page listing one value's products (``{id}``: the value's URL id).
    page: str
    #: True: every entry of the vocabulary is a value, in the data file's order (a level with no products still
    #: has its page). False: only the entries products use, by label.
    every_value: bool = False
    #: The title of the generated page per value ({label}: the value), or None when the values' pages are made
    #: elsewhere (levels, bodies and suppliers have pages of their own).
    page_title: str | None = None
    #: A page listing every value, with the words for a link to it: browsing without JavaScript links it instead
    #: of each value, where the values are too many for one line.
    index: tuple[str, str] | None = None
    #: A generated page listing every value with its count: its source URI, its template and its title.
    overview: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Dependency:
    """A rule across two fields, declared once for validation and the JSON Schema: when the entry chosen in
    ``field`` has the flag ``when`` (a level that is assessed, a lifecycle stage that is retired), ``needs`` must
    be given; otherwise it must be left out."""

    field: str
    when: str
    needs: str
    #: Why ``needs`` is needed, after "'<value>' needs <needs>: ".
    needed_for: str
    #: Added after "must be left out when <field> is '<value>'", or "".
    left_out_because: str = ""


def _text(key: str, label: str, doc: str, **kw: Any) -> Field:
    return Field(key, "text", label, doc, **kw)


LEVEL_DECISION = Field(
    "level_decision", "object", "Beslutning eller anbefaling",
    "En beslutning fra bestyrelsen eller en anbefaling fra sekretariatet om produktets niveau.",
    fields=(
        Field("kind", "choice", "Type", "Om kilden er bestyrelsens beslutning eller sekretariatets anbefaling.",
              required=True, vocabulary="decision_kinds", noun="decision kind"),
        Field("level", "choice", "Niveau", "Niveauet, der er besluttet eller anbefalet.", required=True,
              vocabulary="levels", noun="level"),
        Field("date", "date", "Dato", "Datoen for beslutningen eller anbefalingen, ÅÅÅÅ-MM-DD.", required=True),
        Field("source", "url", "Kilde", "Adressen på dokumentet, der oplyser niveauet.", required=True),
    ),
    build=model.LevelDecision,
)

SOURCE_FIELDS = (
    Field("source", "url", "Kilde", "Adressen på den kilde, der oplyser det.", required=True),
    Field("date", "date", "Kildens dato", "Datoen, kilden oplyser det (fx et indlægs eller en rapports dato), "
          "ÅÅÅÅ-MM-DD.", required=True),
)

USER_STATEMENT = Field(
    "user_statement", "object", "Anvendere ifølge en kilde",
    "Myndigheder, som én kilde nævner i én rolle, fx som anvendere eller med i en crowdfunding.",
    fields=(
        Field("bodies", "list", "Myndigheder", "Id'er fra data/bodies.yml.", required=True, min_items=1, unique=True,
              item=Field("body", "choice", "Myndighed", "Et id.", vocabulary="bodies", noun="user")),
        Field("relation", "choice", "Rolle", "Hvordan kilden forbinder myndighederne med produktet.", required=True,
              vocabulary="user_relations", noun="relation"),
        *SOURCE_FIELDS,
    ),
    build=lambda bodies, **fields: model.UserStatement(bodies=tuple(bodies), **fields),
)

USERS_REPORTED = Field(
    "users_reported", "object", "Oplyst antal anvendere",
    "Et antal anvendere, som en kilde oplyser, når ikke alle er nævnt ved navn.",
    fields=(
        Field("count", "count", "Antal", "Antallet af anvendere ifølge kilden.", required=True),
        Field("date", "date", "Dato", "Hvornår tallet gjaldt, ÅÅÅÅ-MM-DD.", required=True),
        _text("note", "Note", "Hvad tallet dækker, med kildens ord omskrevet.", required=True, max_length=300),
        Field("source", "url", "Kilde", "Adressen på kilden.", required=True),
    ),
    build=model.UsersReported,
)

SUPPLIER = Field(
    "supplier", "object", "Leverandør", "En leverandør og dens roller på produktet, som en kilde oplyser dem.",
    fields=(
        Field("id", "choice", "Leverandør", "Leverandørens id fra data/suppliers.yml.", required=True,
              vocabulary="suppliers", noun="supplier", attribute="supplier"),
        Field("roles", "list", "Roller", "De roller, kilden oplyser. Tom liste, når kilden ikke oplyser rollen.",
              required=True, unique=True,
              item=Field("role", "choice", "Rolle", "En rolle.", vocabulary="roles", noun="role")),
        *SOURCE_FIELDS,
    ),
    build=lambda id, roles, **fields: model.SupplierEngagement(supplier=id, roles=tuple(roles), **fields),
)

COORDINATOR = Field(
    "coordinator", "object", "Produktkoordinator", "Den person, en kilde nævner som produktets koordinator.",
    fields=(
        _text("name", "Navn", "Koordinatorens navn.", required=True, max_length=100),
        _text("organisation", "Organisation", "Koordinatorens organisation, hvis kilden oplyser den.", max_length=150),
        Field("email", "email", "E-mail", "Valgfri e-mailadresse, hvis kilden oplyser den."),
        *SOURCE_FIELDS,
    ),
    build=model.Coordinator,
)

LIFECYCLE_SOURCE = Field(
    "lifecycle_source", "object", "Kilde til livscyklus",
    "Den kilde, der oplyser, at produktet har forladt OS2 eller er nedlagt. Skal udfyldes for de stadier.",
    fields=SOURCE_FIELDS,
    build=model.LifecycleSource,
)

REPOSITORY = Field(
    "repository", "object", "Repository", "Et kode-repository og dets licens.",
    fields=(
        Field("url", "url", "Adresse", "Repositoryets adresse.", required=True),
        Field("licence", "choice", "Licens", "SPDX-id fra data/licences.yml; NOASSERTION, hvis licensen ikke er kendt.",
              required=True, vocabulary="licences", noun="SPDX licence id", facet=True,
              browse=Browse("licens", "Licens", "licences", urls.FACET_LICENCE,
                            page_title="Produkter under licensen {label}")),
    ),
    build=model.Repository,
)

ANSWER = Field(
    "answer", "object", "Svar", "Produktets svar på ét krav, som rapporten giver det.",
    fields=(
        Field("status", "choice", "Status", "Svaret, som rapporten giver det (se data/statuses.yml for, hvad hvert "
              "svar tæller som).", required=True, vocabulary="statuses",
              noun="status"),
        _text("quote", "Produktets ord", "Rapportens dokumentation eller forklaring, ordret og med rapportens "
              "links som Markdown-links. Udelades, når rapporten ikke har andet end en pladsholder.",
              max_length=20000, multiline=True),
        Field("evidence", "list", "Dokumentation", "Adresser på dokumentation, hvis de ikke står i citatet.",
              unique=True, item=Field("link", "url", "Adresse", "En adresse.")),
        _text("as_written", "Svaret som skrevet", "Svaret med rapportens egne ord, når det ikke er statussens "
              "sædvanlige ord (fx 'Afventer - men i planen').", max_length=200),
    ),
    build=lambda status, quote=None, evidence=(), as_written=None: model.RequirementAnswer(
        status=status, quote=quote, evidence=tuple(evidence), as_written=as_written),
)

RATING = Field(
    "rating", "object", "Vurdering", "Sekretariatets vurdering af ét krav.",
    fields=(
        Field("rating", "choice", "Trafiklys", "Sekretariatets trafiklys for kravet.", required=True, vocabulary="ratings",
              noun="rating"),
        _text("quote", "Begrundelse", "Sekretariatets begrundelse, ordret fra vurderingen.", max_length=20000,
              multiline=True),
        _text("advice", "Anbefaling", "Sekretariatets anbefaling for kravet, ordret fra vurderingen.",
              max_length=20000, multiline=True),
    ),
    build=lambda rating, quote=None, advice=None: model.RequirementRating(rating=rating, quote=quote, advice=advice),
)


def _document_fields(kind: str) -> tuple[Field, ...]:
    """The fields a governance report and a secretariat assessment share."""
    return (
        Field("url", "url", "Adresse", f"Hvor {kind} er offentliggjort.", required=True),
        Field("date", "date", "Dato", f"Datoen i {kind}s dokumentinformation, ÅÅÅÅ-MM-DD.", required=True),
        Field("date_from", "choice", "Datoens kilde", "Hvor datoen stammer fra: dokumentinformationen, dokumentets "
              "log, eller oplyst ved indlæsningen, fordi dokumentet ikke er dateret.", vocabulary="date_sources",
              noun="date source", default="header"),
        Field("format", "choice", "Format", "Tabelformatet, som import-governance genkender.", required=True,
              vocabulary="report_formats", noun="report format"),
        _text("template_version", "Skabelonversion", "Skabelonens version, hvis dokumentet oplyser den, fx "
              "\"1.1.0\" (i anførselstegn).", max_length=20),
        Field("draft", "flag", "Kladde", "true, når dokumentet er markeret som kladde. En kladde tæller ikke med.",
              default=False),
    )


REPORT = Field(
    "report", "object", "Governancerapport",
    "En governancerapport (produktets selvevaluering) og dens svar.",
    fields=(
        *_document_fields("rapporten"),
        Field("answers", "map", "Svar pr. krav", "Svar pr. krav-id i den model, rapporten svarer på. Et krav, der "
              "mangler, er ikke besvaret.", vocabulary="requirement_ids", noun="requirement id", key_label="krav-id", item=ANSWER),
    ),
    build=lambda answers=(), **fields: model.Report(answers=tuple(answers), **fields),
)

ASSESSMENT = Field(
    "assessment", "object", "Sekretariatets vurdering",
    "Sekretariatets vurdering af produktet med et trafiklys pr. krav.",
    fields=(
        *_document_fields("vurderingen"),
        Field("report", "url", "Vurderet rapport", "Adressen på den governancerapport (under 'reports'), som "
              "vurderingen bygger på, når vurderingen selv nævner den."),
        Field("ratings", "map", "Vurdering pr. krav", "Trafiklys pr. krav-id.", vocabulary="requirement_ids",
              noun="requirement id", key_label="krav-id", item=RATING),
    ),
    build=lambda ratings=(), **fields: model.Assessment(ratings=tuple(ratings), **fields),
)

GOVERNANCE = Field(
    "governance", "object", "Følg eller forklar",
    "Produktets governancerapporter og sekretariatets vurderinger. Skrives med "
    "'python -m os2catalogue import-governance', som læser dokumenterne, som de er offentliggjort.",
    fields=(
        Field("reports", "list", "Governancerapporter", "Produktets rapporter, nyeste først.", item=REPORT),
        Field("assessments", "list", "Sekretariatets vurderinger", "Sekretariatets vurderinger, nyeste først.",
              item=ASSESSMENT),
    ),
    build=lambda reports=(), assessments=(): model.Governance(reports=tuple(reports),
                                                              assessments=tuple(assessments)),
)

CALL = Field(
    "call", "object", "Opfordring", "En crowdfunding eller tilslutning, man kan være med i.",
    fields=(
        _text("title", "Titel", "Kort titel.", required=True, max_length=120),
        Field("kind", "choice", "Type", "Hvilken slags opfordring det er.", required=True, vocabulary="call_kinds",
              noun="call kind"),
        Field("url", "url", "Link", "Hvor man læser mere og melder sig.", required=True),
        Field("target_dkk", "count", "Mål i kr.", "Det beløb, der skal samles ind."),
        Field("committed_dkk", "count", "Tilsagn i kr.", "Det beløb, der er givet tilsagn om."),
        Field("committed", "list", "Med indtil nu", "Myndigheder (id'er fra bodies.yml), der har givet tilsagn.",
              unique=True, item=Field("body", "choice", "Myndighed", "Et id.", vocabulary="bodies", noun="user")),
        Field("committed_count", "count", "Antal med", "Antallet af myndigheder med, når ikke alle er nævnt."),
        Field("target_count", "count", "Mål for antal", "Det antal myndigheder, der skal være med, hvis kilden "
              "nævner et."),
        Field("opened", "date", "Åbnet", "Den dag, opfordringen blev åbnet (offentliggjort); dens følgere får den "
              "med den dato."),
        Field("deadline", "date", "Frist", "Sidste dag, man kan være med.", future_allowed=True),
        Field("closed", "date", "Lukket", "Den dato, opfordringen blev meldt lukket."),
        _text("contact", "Kontakt", "Hvem man kontakter.", max_length=200),
    ),
    build=lambda committed=(), **fields: model.OpenCall(committed=tuple(committed), **fields),
)

#: Every top-level field of a product file, in the order the scaffold and the docs show them.
PRODUCT_FIELDS: tuple[Field, ...] = (
    _text("name", "Navn", "Produktets navn med OS2-præfikset, fx OS2mo. Filnavnet er navnets slug.",
          required=True, max_length=80, example="OS2eksempel"),
    _text("short_description", "Kort beskrivelse",
          "Hvad produktet gør, på dansk, i højst 150 tegn. Almindelig tekst uden HTML.",
          required=True, max_length=150),
    _text("summary_en", "English summary", "Valgfrit engelsk resumé i én eller to sætninger.", max_length=300),
    Field("level", "choice", "Niveau", "Governanceniveauet, skrevet som en af de mulige værdier. Det er "
          "niveauet i den nyeste beslutning, eller i sekretariatets nyeste anbefaling, hvis ingen beslutning er "
          "offentliggjort.",
          required=True, vocabulary="levels", noun="level", facet=True,
          browse=Browse("niveau", "Niveau", "levels", urls.LEVEL, every_value=True)),
    Field("level_decisions", "list", "Beslutninger og anbefalinger", "Bestyrelsens beslutninger og sekretariatets "
          "anbefalinger om niveauet, hver med kilde. Skal udfyldes, når produktet er placeret på et niveau, og "
          "udelades, når det ikke er vurderet.",
          item=LEVEL_DECISION),
    Field("lifecycle", "choice", "Livscyklus", "Hvor produktet står i OS2's livscyklus. Et produkt, der har forladt "
          "OS2 eller er nedlagt, skal have en kilde til det (lifecycle_source).",
          required=True, vocabulary="lifecycle", noun="lifecycle stage", facet=True,
          browse=Browse("livscyklus", "Livscyklus", "lifecycle", urls.FACET_LIFECYCLE, every_value=True,
                        page_title="Produkter i livscyklusfasen {label}")),
    LIFECYCLE_SOURCE,
    Field("categories", "list", "Kategorier", "Kategori-id'er fra data/categories.yml; en tom liste [], hvis formålet ikke er kendt.",
          required=True, unique=True, facet=True,
          browse=Browse("kategori", "Kategori", "categories", urls.CATEGORY, page_title="{label}",
                        overview=(urls.CATEGORIES, "categories.md.j2", "Kategorier")),
          item=Field("category", "choice", "Kategori", "Et kategori-id.", vocabulary="categories", noun="category")),
    Field("users", "list", "Anvendere", "Myndigheder, som en kilde nævner for produktet (som anvendere, med i en "
          "crowdfunding osv.), grupperet efter kilde og rolle.", facet=True, item=USER_STATEMENT,
          # Every body a source names, in any relation; its page (the value's link) says which relation.
          browse=Browse("anvender", "Myndighed", "bodies", urls.BODY,
                        index=(urls.BODIES, "alle kommuner, regioner og andre myndigheder"))),
    USERS_REPORTED,
    Field("suppliers", "list", "Leverandører", "Leverandører og deres roller.", item=SUPPLIER, facet=True,
          browse=Browse("leverandoer", "Leverandør", "suppliers", urls.SUPPLIER)),
    COORDINATOR,
    Field("repositories", "list", "Repositories", "Kode-repositories med licens.", item=REPOSITORY),
    Field("website", "url", "Hjemmeside", "Produktets side, fx på os2.eu."),
    Field("documentation", "url", "Dokumentation", "Adressen på produktets dokumentation."),
    Field("sources", "list", "Kilder", "Adresser på de kilder, oplysningerne bygger på.", unique=True,
          item=Field("source", "url", "Kilde", "En adresse.")),
    GOVERNANCE,
    Field("aliases", "list", "Tidligere adresser", "Tidligere slugs (filnavne uden .md). Deres gamle adresser "
          "sender læseren videre til produktet, så et navneskift ikke bryder links.", unique=True,
          item=Field("alias", "slug", "Tidligere slug", "Et tidligere filnavn uden .md.")),
    Field("calls", "list", "Opfordringer", "Crowdfunding og tilslutning, man kan være med i.", item=CALL),
    Field("last_reviewed", "date", "Sidst gennemgået", "Datoen, hvor oplysningerne sidst blev gennemgået, ÅÅÅÅ-MM-DD.",
          required=True),
)


#: Rules across a product's fields: each drives validation (:mod:`os2catalogue.validate`) and the JSON Schema.
PRODUCT_DEPENDENCIES: tuple[Dependency, ...] = (
    Dependency("level", "assessed", "level_decisions", "the board's decision or the secretariat's recommendation, "
               "with kind, level, date and source"),
    Dependency("lifecycle", "retired", "lifecycle_source", "the source that says so, with source and date",
               "; it is for a product that has left OS2 or been discontinued"),
)


#: The fields of a news post in blog/posts/ (Material's blog plugin reads the same keys, plus our `products`).
POST_FIELDS: tuple[Field, ...] = (
    _text("title", "Titel", "Indlæggets titel, hvis den ikke står som overskrift med ét '#'.", max_length=150,
          in_attribute=True),
    _text("description", "Resumé", "Én sætning, der opsummerer indlægget.", max_length=200, in_attribute=True),
    Field("date", "dated", "Dato", "Udgivelsesdatoen, ÅÅÅÅ-MM-DD, eller 'created:' og 'updated:' under 'date:'. "
          "En dato i fremtiden planlægger indlægget.", required=True, future_allowed=True,
          fields=(Field("created", "date", "Oprettet", "Udgivelsesdatoen.", required=True, future_allowed=True),
                  Field("updated", "date", "Opdateret", "Hvornår indlægget sidst blev ændret.", future_allowed=True))),
    Field("slug", "slug", "Adresse", "Indlæggets adresse: små bogstaver, tal og bindestreger."),
    Field("draft", "flag", "Kladde", "true holder indlægget ude af det udgivne site."),
    Field("pin", "flag", "Fastgjort", "true viser indlægget øverst i oversigten."),
    Field("readtime", "count", "Læsetid", "Læsetid i minutter, hvis den beregnede ikke passer."),
    Field("authors", "list", "Forfattere", "Forfatter-id'er fra blog/.authors.yml.", required=True, min_items=1,
          unique=True, item=Field("author", "choice", "Forfatter", "Et id.", vocabulary="authors", noun="author")),
    Field("categories", "list", "Kategorier", "Kategorier fra data/post_categories.yml.", required=True,
          min_items=1, unique=True,
          item=Field("category", "choice", "Kategori", "En kategori.", vocabulary="post_categories", noun="category")),
    Field("products", "list", "Produkter", "Slugs på de produkter, indlægget handler om.", unique=True,
          item=Field("product", "choice", "Produkt", "En slug.", vocabulary="products", noun="product")),
)


#: The fields of an author in blog/.authors.yml (Material's blog shows them beside posts; name and description go
#: into HTML attributes, the avatar into an image).
AUTHOR_FIELDS: tuple[Field, ...] = (
    _text("name", "Navn", "Forfatterens navn.", required=True, max_length=100, in_attribute=True),
    _text("description", "Beskrivelse", "Én linje om forfatteren.", max_length=300, in_attribute=True),
    Field("avatar", "path", "Billede", "Et billede på webstedet, fx assets/avatars/person.svg (aldrig fra et andet "
          "websted).", required=True),
    Field("url", "url", "Link", "Valgfrit link til forfatteren."),
    Field("slug", "slug", "Adresse", "Valgfri adresse til forfatterens side."),
)


#: One repository in data/activity.yml, as ``python -m os2catalogue activity`` writes it.
REPOSITORY_ACTIVITY = Field(
    "repository", "object", "Repository", "Et repositorys målte aktivitet.",
    fields=(
        Field("url", "url", "Adresse", "Repositoryets adresse, som produktfilen skriver den.", required=True),
        Field("measured", "date", "Målt pr.", "Den dag, målingen gælder: den dag, den læste kopi af repositoryet sidst "
              "blev opdateret.", required=True),
        _text("commit", "Commit", "Den målte commit: den nyeste på standardgrenen i den læste kopi.", required=True,
              max_length=64),
        Field("commit_date", "date", "Commit-dato", "Datoen på den målte commit.", required=True),
        Field("commits_6m", "count", "Commits, 6 mdr.", "Commits i de 6 måneder op til målingen.", required=True),
        Field("commits_12m", "count", "Commits, 12 mdr.", "Commits i de 12 måneder op til målingen.", required=True),
        Field("authors_6m", "count", "Personer, 6 mdr.", "Forskellige forfattere af de commits.", required=True),
        Field("authors_12m", "count", "Personer, 12 mdr.", "Forskellige forfattere af de commits.", required=True),
        Field("core_authors_12m", "count", "Halvdelen fra", "Det mindste antal forfattere bag halvdelen af de "
              "seneste 12 måneders commits; tom, når der ingen var."),
        Field("last_commit_date", "date", "Seneste commit fra en person", "Datoen på den nyeste commit, der tælles "
              "med (ikke en merge-commit og ikke fra en automatisk konto); tom, når der ingen er."),
        _text("latest_tag", "Seneste tag", "Det nyeste tag på standardgrenen.", max_length=200),
        Field("latest_tag_date", "date", "Tag-dato", "Datoen på det nyeste tag."),
    ),
    build=model.RepositoryActivity,
)

#: The fields of data/activity.yml.
ACTIVITY_FIELDS: tuple[Field, ...] = (
    Field("repositories", "list", "Repositories", "Den målte aktivitet, ét repository ad gangen.", required=True,
          item=REPOSITORY_ACTIVITY),
)
