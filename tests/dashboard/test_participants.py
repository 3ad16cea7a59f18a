"""Who counts as a participant: confirmed registrations only, per category, with empty
categories listed."""
from eventapp.dashboard.participants import participants_by_category, participants_total
from eventapp.extensions import db
from tests.checkin.factories import cancelled, confirmed, gate_event, unpaid


def test_only_confirmed_registrations_are_participants(app):
    with app.app_context():
        event = gate_event()
        for _ in range(3):
            confirmed(event, group=1)
        confirmed(event, group=2)
        unpaid(event, group=1)  # pending payment: not a participant
        cancelled(event, group=2)  # cancelled: not a participant
        db.session.commit()

        rows = participants_by_category(event)
        # gate_event makes FREE/PAID categories for groups 1–3; counted by hand above.
        assert [(r.group_number, r.category_code, r.participants) for r in rows] == [
            (1, "FREE1", 3), (1, "PAID1", 0), (2, "FREE2", 1), (2, "PAID2", 0), (3, "FREE3", 0), (3, "PAID3", 0),
        ]
        assert participants_total(event) == 4
        assert rows[0].group_name("en") == "Group 1" and rows[0].group_name("sw") == "Kundi la Kwanza"
        assert rows[1].fee_amount == 400_000 and rows[1].currency == "TZS"


def test_an_event_without_registrations_has_no_participants(app):
    with app.app_context():
        event = gate_event()
        assert participants_total(event) == 0
        assert all(r.participants == 0 for r in participants_by_category(event))
