"""Every model module, imported in one place so the metadata is complete."""
from eventapp.auth.models import ApiToken, User, UserRole  # noqa: F401
from eventapp.certificates.models import Certificate, CertificateDesign  # noqa: F401
from eventapp.checkin.models import Checkin  # noqa: F401,E402
from eventapp.core.audit import AuditEntry  # noqa: F401
from eventapp.events.models import (  # noqa: F401
    Committee,
    CommitteeMember,
    Event,
    EventDay,
    ParticipantGroup,
)
from eventapp.innovations.models import (  # noqa: F401
    Assignment,
    Award,
    Conflict,
    Criterion,
    Entry,
    InnovationCall,
    InnovationCategory,
    Judge,
    Score,
    TeamMember,
)
from eventapp.jobs.models import Job  # noqa: F401,E402
from eventapp.programme.models import (  # noqa: F401
    BreakoutGroup,
    BreakoutMember,
    ItemPerson,
    Person,
    ProgrammeItem,
    Room,
)
from eventapp.registration.models import (  # noqa: F401
    Bill,
    BillItem,
    Delegation,
    Institution,
    ParticipantCategory,
    Payment,
    Registration,
    StatementImport,
)
from eventapp.reports.models import (  # noqa: F401
    CoveredInstitution,
    FocalPerson,
    ReportAnswer,
    ReportCall,
    ReportComment,
    ReportingInstitution,
    ReportReminder,
    ReportSection,
    ReportSubmission,
    ReportVersion,
    Resolution,
    ResolutionProgress,
)
from eventapp.sponsors.models import Booth, Sponsor, SponsorPass, SponsorshipPackage, SponsorSlot  # noqa: F401
