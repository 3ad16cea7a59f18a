"""programme: rooms, items, people, roles, breakout groups; day opening hours

Revision ID: 0be640c18507
Revises: b71cea283dff
Create Date: 2026-11-23 18:47:16.348871

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0be640c18507'
down_revision = 'b71cea283dff'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programme_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('honorific', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_people')),
    sa.UniqueConstraint('email', name='uq_programme_people_email')
    )
    op.create_table('rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.CheckConstraint('capacity IS NULL OR capacity > 0', name=op.f('ck_rooms_capacity_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_rooms_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rooms')),
    sa.UniqueConstraint('event_id', 'name', name='uq_rooms_event_name')
    )
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rooms_event_id'), ['event_id'], unique=False)

    op.create_table('programme_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('day_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('registration', 'opening_remarks', 'welcome_remarks', 'official_opening', 'keynote', 'session', 'presentation', 'health_break', 'lunch', 'discussion', 'resolutions', 'sponsor_slot', 'vote_of_thanks', 'recognition', 'breakout', 'closing', 'departure', 'other', name='item_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title_sw', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('description_sw', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('sponsor_label', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at IS NULL OR ends_at > starts_at', name=op.f('ck_programme_items_ends_after_start')),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_programme_items_not_own_parent')),
    sa.ForeignKeyConstraint(['day_id'], ['event_days.id'], name=op.f('fk_programme_items_day_id_event_days'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_programme_items_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['programme_items.id'], name=op.f('fk_programme_items_parent_id_programme_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_programme_items_room_id_rooms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_items'))
    )
    with op.batch_alter_table('programme_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_items_day_id'), ['day_id'], unique=False)
        batch_op.create_index('ix_programme_items_day_start', ['day_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_items_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_items_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_items_room_id'), ['room_id'], unique=False)

    op.create_table('breakout_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_breakout_groups_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['programme_items.id'], name=op.f('fk_breakout_groups_item_id_programme_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_breakout_groups_room_id_rooms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breakout_groups')),
    sa.UniqueConstraint('event_id', 'name', name='uq_breakout_groups_event_name')
    )
    with op.batch_alter_table('breakout_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breakout_groups_event_id'), ['event_id'], unique=False)

    op.create_table('programme_item_groups',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['participant_groups.id'], name=op.f('fk_programme_item_groups_group_id_participant_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['programme_items.id'], name=op.f('fk_programme_item_groups_item_id_programme_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'group_id', name=op.f('pk_programme_item_groups'))
    )
    op.create_table('programme_item_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('chairperson', 'panelist', 'presenter', 'facilitator', 'guest_of_honour', 'speaker', name='person_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['programme_items.id'], name=op.f('fk_programme_item_people_item_id_programme_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['programme_people.id'], name=op.f('fk_programme_item_people_person_id_programme_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_item_people')),
    sa.UniqueConstraint('item_id', 'person_id', 'role', name='uq_programme_item_people_role')
    )
    with op.batch_alter_table('programme_item_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_item_people_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_item_people_person_id'), ['person_id'], unique=False)

    op.create_table('breakout_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('breakout_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(institution_id IS NULL) <> (registration_id IS NULL)', name=op.f('ck_breakout_members_one_kind_of_member')),
    sa.ForeignKeyConstraint(['breakout_id'], ['breakout_groups.id'], name=op.f('fk_breakout_members_breakout_id_breakout_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_breakout_members_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_breakout_members_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_breakout_members_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breakout_members')),
    sa.UniqueConstraint('event_id', 'institution_id', name='uq_breakout_members_event_institution'),
    sa.UniqueConstraint('event_id', 'registration_id', name='uq_breakout_members_event_registration')
    )
    with op.batch_alter_table('breakout_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breakout_members_breakout_id'), ['breakout_id'], unique=False)

    with op.batch_alter_table('event_days', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opens_at', sa.Time(), server_default='07:00:00', nullable=False))
        batch_op.add_column(sa.Column('closes_at', sa.Time(), server_default='18:00:00', nullable=False))
        batch_op.create_check_constraint(op.f('ck_event_days_closes_after_opening'), 'closes_at > opens_at')



def downgrade():
    with op.batch_alter_table('event_days', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_event_days_closes_after_opening'), type_='check')
        batch_op.drop_column('closes_at')
        batch_op.drop_column('opens_at')

    with op.batch_alter_table('breakout_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breakout_members_breakout_id'))

    op.drop_table('breakout_members')
    with op.batch_alter_table('programme_item_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_item_people_person_id'))
        batch_op.drop_index(batch_op.f('ix_programme_item_people_item_id'))

    op.drop_table('programme_item_people')
    op.drop_table('programme_item_groups')
    with op.batch_alter_table('breakout_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breakout_groups_event_id'))

    op.drop_table('breakout_groups')
    with op.batch_alter_table('programme_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_items_room_id'))
        batch_op.drop_index(batch_op.f('ix_programme_items_parent_id'))
        batch_op.drop_index(batch_op.f('ix_programme_items_event_id'))
        batch_op.drop_index('ix_programme_items_day_start')
        batch_op.drop_index(batch_op.f('ix_programme_items_day_id'))

    op.drop_table('programme_items')
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rooms_event_id'))

    op.drop_table('rooms')
    op.drop_table('programme_people')
