"""The innovator's entry form: the entry's details, the institution (searched in the directory,
or typed), the team as a table of rows and the paper and poster uploads. The team table shows
START_ROWS rows, or more (up to MAX_MEMBERS) when the page is asked for them (`?rows=10`), so
it works without JavaScript. The fields carry no rules of their own beyond length caps (the pages'
maxlength too): the entries service checks everything in one pass, so every message appears at once."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, Form, FormField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from eventapp.core.forms import int_or_none
from eventapp.core.i18n import localized
from eventapp.innovations.call_forms import STAGE_LABELS, Required
from eventapp.innovations.entries import LIMITS, MAX_LINKS, MAX_MEMBERS, EntryDetails, MemberDetails
from eventapp.innovations.models import EntryStage, MemberKind
from eventapp.registration.delegation_forms import RowList

START_ROWS = 5
KIND_CHOICES = [SelectChoice("", "—"), SelectChoice(MemberKind.STUDENT.value, _l("Student")),
                SelectChoice(MemberKind.STAFF.value, _l("Staff"))]


def wanted_rows(asked, filled: int = 0) -> int:
    """How many team rows to show: START_ROWS, what the page asked for, or enough for the team
    already typed plus one empty row; never more than MAX_MEMBERS."""
    asked = int_or_none(asked) or 0
    return max(START_ROWS, min(asked, MAX_MEMBERS), min(filled + 1, MAX_MEMBERS))


class MemberRowForm(Form):
    """One team member in the table (a sub-form: the outer form carries the CSRF token)."""

    name = StringField(_l("Name"), validators=[Length(max=LIMITS["member_name"])],
                       render_kw={"maxlength": LIMITS["member_name"], "autocomplete": "off"})
    email = EmailField(_l("Email"), validators=[Length(max=LIMITS["member_email"])],
                       render_kw={"maxlength": LIMITS["member_email"], "autocomplete": "off"})
    kind = SelectField(_l("Student or staff"), choices=KIND_CHOICES, validate_choice=False)

    def member(self, row: int) -> MemberDetails:
        return MemberDetails(name=self.name.data or "", email=self.email.data or "", kind=self.kind.data or "",
                             row=row)

    def is_blank(self) -> bool:
        return not (self.name.data or "").strip() and not (self.email.data or "").strip()


class EntryForm(FlaskForm):
    title = StringField(_l("Title of the entry"), validators=[Required(), Length(max=LIMITS["title"])],
                        render_kw={"maxlength": LIMITS["title"]})
    category_id = SelectField(_l("Entry category"), coerce=int_or_none, validate_choice=False, validators=[Required()])
    # Set by the institution search script; typed names go in institution_name.
    institution_id = HiddenField(validators=[Length(max=20)])
    institution_name = StringField(
        _l("Institution"), validators=[Required(), Length(max=LIMITS["institution_name"])],
        description=_l("Start typing and choose from the list; if yours is not there, type its full name."),
        render_kw={"autocomplete": "organization", "maxlength": LIMITS["institution_name"]})
    stage = RadioField(_l("Stage"), validate_choice=False, validators=[Required()],
                       choices=[SelectChoice(s.value, STAGE_LABELS[s]) for s in EntryStage])
    abstract = TextAreaField(_l("Abstract"), validators=[Required(), Length(max=LIMITS["abstract"])],
                             render_kw={"rows": 6, "maxlength": LIMITS["abstract"]})
    problem = TextAreaField(_l("The problem it addresses"), validators=[Length(max=LIMITS["problem"])],
                            render_kw={"rows": 4, "maxlength": LIMITS["problem"]})
    solution = TextAreaField(_l("The solution"), validators=[Length(max=LIMITS["solution"])],
                             render_kw={"rows": 4, "maxlength": LIMITS["solution"]})
    # MAX_LINKS lines of at most LIMITS["link"] characters, each with its line break (the service checks each line).
    links = TextAreaField(_l("Links"), validators=[Length(max=MAX_LINKS * (LIMITS["link"] + 2))], render_kw={"rows": 3},
                          description=_l("Web addresses (a demo, the code, a video), one a line, starting with "
                                         "http:// or https://; at most %(n)d.", n=MAX_LINKS))
    members = RowList(FormField(MemberRowForm), min_entries=START_ROWS, max_entries=MAX_MEMBERS)
    paper = FileField(_l("Paper (PDF)"), render_kw={"accept": ".pdf,application/pdf"})
    poster = FileField(_l("Poster (PNG or JPEG picture)"), render_kw={"accept": ".png,.jpg,.jpeg,image/png,image/jpeg"})

    def prepare(self, call, rows: int) -> None:
        """The call's categories to choose from, and `rows` rows in the team table."""
        self.category_id.choices = [SelectChoice("", _l("— choose —"))] + [
            SelectChoice(c.id, localized(c, "name")) for c in call.categories]
        while len(self.members.entries) < min(rows, MAX_MEMBERS):
            self.members.append_entry()

    def filled_rows(self) -> int:
        return sum(not entry.form.is_blank() for entry in self.members)

    def fill_from(self, entry) -> None:
        """Show an entry's current details (for changing it)."""
        for name in ("title", "category_id", "abstract", "problem", "solution", "links"):
            getattr(self, name).data = getattr(entry, name)
        self.stage.data = entry.stage.value
        self.institution_id.data = str(entry.institution_id)
        self.institution_name.data = entry.institution.name
        while self.members.entries:
            self.members.pop_entry()
        for member in entry.members:
            self.members.append_entry({"name": member.name, "email": member.email, "kind": member.kind.value})

    def details(self) -> EntryDetails:
        """The typed details for the entries service (which checks them)."""
        return EntryDetails(
            title=self.title.data or "", category_id=self.category_id.data, abstract=self.abstract.data or "",
            stage=self.stage.data or "", institution_id=int_or_none(self.institution_id.data),
            institution_name=self.institution_name.data or "", problem=self.problem.data or "",
            solution=self.solution.data or "", links=self.links.data or "",
            members=[entry.form.member(n) for n, entry in enumerate(self.members)])


def paper_help(max_bytes: int, current_name: str = ""):
    if current_name:
        return _l("Optional: without a new file the current one (%(name)s) is kept. A PDF of at most %(mb)s MB.",
                  name=current_name, mb=f"{max_bytes / 1_000_000:.1f}")
    return _l("Optional. A PDF of at most %(mb)s MB; checked by its content, not its name.",
              mb=f"{max_bytes / 1_000_000:.1f}")


def poster_help(max_bytes: int, current_name: str = ""):
    if current_name:
        return _l("Optional: without a new file the current one (%(name)s) is kept. A PNG or JPEG picture of at "
                  "most %(mb)s MB.", name=current_name, mb=f"{max_bytes / 1_000_000:.1f}")
    return _l("Optional. A PNG or JPEG picture of at most %(mb)s MB; checked by its content, not its name.",
              mb=f"{max_bytes / 1_000_000:.1f}")
