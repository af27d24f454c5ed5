"""Roll-ups of the event log for the insights dashboards, keyed by (UTC day, space).

Every table here is derived: a job fills it from `core.Event` (and the rows events point at),
recomputing each touched day wholesale, so it can be dropped and rebuilt at any time
(`rebuild_insights`). `space_id` 0 means "no space" (a case filed without one, KB feedback), so
the keys can be unique without NULLs. See docs/decisions/0007-insights-rollups.md.
"""

from __future__ import annotations

from django.db import models

NO_SPACE = 0
# In `ContributorFirst` and `ContributorSnapshot`, space 0 stands for "anywhere" (all spaces).
ALL_SPACES = 0
EVENTS_CURSOR = "events"


class RollupCursor(models.Model):
    """How far the incremental job has read the event log (one row, name "events")."""

    name = models.CharField(max_length=32, primary_key=True)
    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at event {self.last_event_id}"


class DailyCount(models.Model):
    """One number of one day in one space: `metric` names it (see `rollup.METRICS`)."""

    day = models.DateField()
    space_id = models.BigIntegerField(default=NO_SPACE)
    metric = models.CharField(max_length=40)
    # Signed: the backlog's daily change can be negative.
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "space_id", "metric"], name="insights_count_key")
        ]
        indexes = [models.Index(fields=["metric", "day"], name="insights_count_metric_day")]

    def __str__(self) -> str:
        return f"{self.day} space {self.space_id} {self.metric}={self.value}"


class DailyHistogram(models.Model):
    """A day's durations (seconds) of one kind, counted in log-spaced buckets, so medians over
    any range come from summing buckets instead of keeping every value (`histograms.py`)."""

    day = models.DateField()
    space_id = models.BigIntegerField(default=NO_SPACE)
    metric = models.CharField(max_length=40)
    bucket = models.SmallIntegerField()
    count = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "space_id", "metric", "bucket"], name="insights_histogram_key"
            )
        ]
        indexes = [models.Index(fields=["metric", "day"], name="insights_hist_metric_day")]

    def __str__(self) -> str:
        return f"{self.day} space {self.space_id} {self.metric}[{self.bucket}]={self.count}"


class DailyContributor(models.Model):
    """A member who posted (question, answer or comment) on a day in a space: the sparse
    per-person activity that active, new and returning contributors and the top-1%/10%
    concentration need (distinct people do not add up across days)."""

    day = models.DateField()
    space_id = models.BigIntegerField(default=NO_SPACE)
    user_id = models.BigIntegerField()
    posts = models.IntegerField()
    answers = models.IntegerField()
    # A fixed pseudo-random 0-63 per member: over a long, busy range the dashboards read only the
    # members of the first shards (a uniform sample) instead of every row (`queries.py`).
    shard = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "space_id", "user_id"], name="insights_contributor_key"
            )
        ]
        indexes = [
            # Covers the sampled read (shard IN (...), day range): no table lookups.
            models.Index(
                fields=["shard", "day", "space_id", "user_id", "answers"],
                name="insights_contributor_shard",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} space {self.space_id} user {self.user_id}: {self.posts} posts"


class ContributorFirst(models.Model):
    """The first day a member posted in a space (space 0: anywhere), so "new contributors" in a
    range is one indexed count and "returning" the active ones who are not new."""

    space_id = models.BigIntegerField()
    user_id = models.BigIntegerField()
    first_day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space_id", "user_id"], name="insights_first_key")
        ]
        indexes = [models.Index(fields=["space_id", "first_day"], name="insights_first_day")]

    def __str__(self) -> str:
        return f"user {self.user_id} first posted in space {self.space_id} on {self.first_day}"


class ContributorSnapshot(models.Model):
    """The exact contributor figures of one preset range (the 7, 30 or 90 days ending on a UTC
    day) in one space (0: all spaces), computed by the roll-up job from every
    `DailyContributor` row, so the community dashboard shows exact figures for the presets even
    where reading the rows per request would need a sample (`queries.contributors`)."""

    space_id = models.BigIntegerField()
    start = models.DateField()
    end = models.DateField()
    active = models.IntegerField()
    new = models.IntegerField()
    answerers = models.IntegerField()
    top1_share = models.FloatField(null=True)
    top10_share = models.FloatField(null=True)
    # The cursor's event id the figures are current with: older than the cursor means stale.
    as_of_event = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["space_id", "start", "end"], name="insights_snapshot_key"
            )
        ]

    def __str__(self) -> str:
        return f"contributors {self.start}..{self.end} space {self.space_id}: {self.active}"


def shard_of(user_id: int) -> int:
    """Knuth's multiplicative hash: consecutive ids spread evenly over the 64 shards."""
    return ((user_id * 2654435761) % 2**32) >> 26


class DailyAgentCase(models.Model):
    """An agent replied publicly to a case on a day: cases and customers per agent over a range
    are distinct counts of these rows."""

    day = models.DateField()
    space_id = models.BigIntegerField(default=NO_SPACE)
    agent_id = models.BigIntegerField()
    case_id = models.BigIntegerField()
    requester_id = models.BigIntegerField()
    shard = models.SmallIntegerField()  # the requester's (`shard_of`): samples whole customers

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agent_id", "case_id"], name="insights_agent_case_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["shard", "day", "space_id", "agent_id", "case_id", "requester_id"],
                name="insights_agent_shard",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} agent {self.agent_id} case {self.case_id}"


class DailyAgentWork(models.Model):
    """The seconds an agent recorded working on a case on a day (`case.work_logged`, by the day
    it was saved): time worked, cases worked and the average per case, per agent, over a range.
    Exact (never sampled): one row per agent, case and day is few next to the replies."""

    day = models.DateField()
    space_id = models.BigIntegerField(default=NO_SPACE)
    agent_id = models.BigIntegerField()
    case_id = models.BigIntegerField()
    seconds = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agent_id", "case_id"], name="insights_agent_work_key"
            )
        ]
        indexes = [
            # Covers the range read (day range, space, grouped by agent): no table lookups.
            models.Index(
                fields=["day", "space_id", "agent_id", "case_id", "seconds"],
                name="insights_agent_work_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} agent {self.agent_id} case {self.case_id}: {self.seconds}s"


class DailyGap(models.Model):
    """Content gaps of a day in a space: sessions started that day that searched, found nothing
    worth opening and filed anyway (deflection's `gap_sessions`), by the query's words."""

    day = models.DateField()
    space_id = models.BigIntegerField(default=NO_SPACE)
    query_key = models.CharField(max_length=200)
    example = models.CharField(max_length=200)
    filed = models.IntegerField()
    without_results = models.IntegerField()
    last_filed = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "space_id", "query_key"], name="insights_gap_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} space {self.space_id} gap {self.query_key!r}: {self.filed}"


class QuestionFact(models.Model):
    """A question's first answer, kept from its events: the cohort metrics (share answered, by
    whom, time to first answer) are counted on the day the question was asked."""

    question_id = models.BigIntegerField(primary_key=True)
    space_id = models.BigIntegerField(default=NO_SPACE)
    author_id = models.BigIntegerField(null=True)
    day = models.DateField(db_index=True)
    created_at = models.DateTimeField()
    first_answer_at = models.DateTimeField(null=True)
    first_answer_id = models.BigIntegerField(null=True)
    first_answer_by_staff = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"question {self.question_id} facts"
