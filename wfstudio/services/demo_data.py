"""What the demo workspace "Acme Support" holds (loaded by :mod:`wfstudio.services.demo`).

Plain data, deterministic: people, teams, channels, contact fields, tags, lifecycle stages,
closing categories and a dozen contacts, each with one conversation. Users and teams are
named by email and name here; the loader turns them into rows and keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

WORKSPACE_NAME = "Acme Support"
TIMEZONE = "Europe/London"
# Business hours: the workspace default, Monday–Friday 09:00–17:00 (WeekHours()).


@dataclass(frozen=True)
class DemoUser:
    """A demo user and the password they sign in with (``wfstudio demo`` prints them)."""

    name: str
    email: str
    role: Literal["owner", "manager", "agent"]
    online: bool
    teams: tuple[str, ...] = ()
    password: str = "demo-agent"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("Olivia Owner", "owner@acme.test", "owner", online=True, password="demo-owner"),
    DemoUser(
        "Max Manager",
        "manager@acme.test",
        "manager",
        online=True,
        teams=("Support",),
        password="demo-manager",
    ),
    DemoUser("Alice Adams", "alice@acme.test", "agent", online=True, teams=("Sales",)),
    DemoUser("Ben Brooks", "ben@acme.test", "agent", online=True, teams=("Support",)),
    DemoUser("Chloe Chen", "chloe@acme.test", "agent", online=False, teams=("Sales", "Support")),
    DemoUser("Diego Diaz", "diego@acme.test", "agent", online=False, teams=("Support",)),
)
TEAMS: tuple[str, ...] = ("Sales", "Support")


@dataclass(frozen=True)
class DemoChannel:
    key: str
    kind: str
    name: str
    config: Mapping[str, Any] = field(default_factory=dict)


DEMO_CHANNELS: tuple[DemoChannel, ...] = (
    DemoChannel("web-chat", "web_chat", "Website chat"),
    DemoChannel("custom", "custom_channel", "Custom channel", {"outbound_url": ""}),
    DemoChannel("whatsapp", "whatsapp", "WhatsApp"),
    DemoChannel("messenger", "messenger", "Messenger"),
    DemoChannel("telegram", "telegram", "Telegram"),
    DemoChannel("email", "email", "Email"),
    DemoChannel("wechat", "wechat", "WeChat"),
)

# (label, type): the keys become company, plan, order_count, birthday, website, newsletter.
FIELDS: tuple[tuple[str, str], ...] = (
    ("Company", "text"),
    ("Plan", "list"),
    ("Order count", "number"),
    ("Birthday", "date"),
    ("Website", "url"),
    ("Newsletter", "checkbox"),
)
TAGS: tuple[str, ...] = ("VIP", "Lead", "Spam", "Returning", "Needs follow-up")
LIFECYCLE_STAGES: tuple[str, ...] = ("New lead", "Hot lead", "Customer", "Churned")
CLOSING_CATEGORIES: tuple[str, ...] = ("Resolved", "Spam", "No response", "Escalated")

WORKFLOW_GREETING = "Thanks for your message! Someone from Acme will reply shortly."


@dataclass(frozen=True)
class DemoContact:
    """A contact and their one conversation.

    ``messages`` are (author, text): ``"contact"``, ``"workflow"`` or a user's email.
    ``closed`` is the closing category key of a closed conversation (None: still open);
    ``hours_ago`` is when the conversation opened.
    """

    firstname: str
    lastname: str | None
    email: str | None
    phone: str | None
    country: str
    language: str
    channel: str = "web-chat"
    hours_ago: float = 1
    messages: tuple[tuple[str, str], ...] = ()
    custom: Mapping[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    stage: str | None = None
    assignee: str | None = None  # a user's email
    team: str | None = None
    closed: str | None = None


DEMO_CONTACTS: tuple[DemoContact, ...] = (
    DemoContact(
        "Emma",
        "Wilson",
        "emma.wilson@example.com",
        "+447700900001",
        "GB",
        "en",
        channel="web-chat",
        hours_ago=1,
        messages=(
            ("contact", "Hi, my last order arrived damaged."),
            ("workflow", WORKFLOW_GREETING),
            ("alice@acme.test", "Sorry to hear that, Emma. Could you send a photo of the box?"),
            ("contact", "Sure, one moment."),
        ),
        custom={"company": "Wilson & Co", "plan": "Pro", "order_count": 12, "newsletter": True},
        tags=("vip", "returning"),
        stage="customer",
        assignee="alice@acme.test",
        team="Sales",
    ),
    DemoContact(
        "Lucas",
        "Martin",
        "lucas.martin@example.fr",
        "+33612345678",
        "FR",
        "fr",
        channel="whatsapp",
        hours_ago=2,
        messages=(("contact", "Bonjour! Do you ship to France?"), ("workflow", WORKFLOW_GREETING)),
        custom={"company": "Martin SARL", "plan": "Free"},
        tags=("lead",),
        stage="new-lead",
    ),
    DemoContact(
        "Sofia",
        "Rossi",
        "sofia@rossi.example.it",
        "+393471234567",
        "IT",
        "it",
        channel="messenger",
        hours_ago=5,
        messages=(
            ("contact", "We'd like a quote for 40 seats."),
            ("chloe@acme.test", "Happy to help! Which plan are you looking at?"),
            ("contact", "Enterprise, with the annual discount if possible."),
        ),
        custom={
            "company": "Rossi Srl",
            "plan": "Enterprise",
            "order_count": 40,
            "website": "https://rossi.example.it",
        },
        tags=("vip", "needs-follow-up"),
        stage="hot-lead",
        assignee="chloe@acme.test",
        team="Sales",
    ),
    DemoContact(
        "Noah",
        "Schmidt",
        "noah.schmidt@example.de",
        "+4915112345678",
        "DE",
        "de",
        channel="telegram",
        hours_ago=30,
        messages=(
            ("contact", "How do I change my delivery address?"),
            ("ben@acme.test", "Under Account → Addresses. I've updated it for you this time."),
            ("contact", "Perfect, thanks!"),
        ),
        custom={"plan": "Pro", "order_count": 7, "birthday": "1988-03-14"},
        tags=("returning",),
        stage="customer",
        assignee="ben@acme.test",
        team="Support",
        closed="resolved",
    ),
    DemoContact(
        "Mia",
        "Johnson",
        "mia.johnson@example.com",
        None,
        "US",
        "en",
        channel="email",
        hours_ago=52,
        messages=(("contact", "Is there a student discount?"), ("workflow", WORKFLOW_GREETING)),
        custom={"newsletter": False},
        tags=("lead",),
        stage="new-lead",
        closed="no-response",
    ),
    DemoContact(
        "Wei",
        "Zhang",
        "wei.zhang@example.cn",
        "+8613812345678",
        "CN",
        "zh",
        channel="wechat",
        hours_ago=3,
        messages=(
            ("contact", "My invoice shows the wrong company name."),
            ("ben@acme.test", "Thanks Wei, I'll correct it and send a new one today."),
        ),
        custom={"company": "Zhang Trading", "plan": "Pro", "order_count": 3},
        stage="customer",
        assignee="ben@acme.test",
        team="Support",
    ),
    DemoContact(
        "Grace",
        "Brown",
        "win-big@example.net",
        None,
        "US",
        "en",
        channel="web-chat",
        hours_ago=20,
        messages=(("contact", "Congratulations, you won a prize! Click here."),),
        tags=("spam",),
        closed="spam",
    ),
    DemoContact(
        "Mateo",
        "García",
        "mateo.garcia@example.es",
        "+34612345678",
        "ES",
        "es",
        channel="whatsapp",
        hours_ago=0.5,
        messages=(
            ("contact", "Hola, can I book a demo this week?"),
            ("workflow", WORKFLOW_GREETING),
        ),
        custom={"company": "García Hermanos", "website": "https://garcia.example.es"},
        tags=("lead", "needs-follow-up"),
        stage="hot-lead",
        team="Sales",
    ),
    DemoContact(
        "Aisha",
        "Khan",
        "aisha.khan@example.co.uk",
        "+447700900123",
        "GB",
        "en",
        channel="custom",
        hours_ago=75,
        messages=(
            ("contact", "Your API returns 500 errors since this morning."),
            ("diego@acme.test", "Thanks for reporting it: I've passed it to our engineers."),
        ),
        custom={"company": "Khan Analytics", "plan": "Enterprise", "order_count": 25},
        tags=("vip",),
        stage="customer",
        assignee="diego@acme.test",
        team="Support",
        closed="escalated",
    ),
    DemoContact(
        "Liam",
        "O'Connor",
        "liam.oconnor@example.ie",
        "+353871234567",
        "IE",
        "en",
        channel="messenger",
        hours_ago=120,
        messages=(
            ("contact", "Please cancel my subscription."),
            ("alice@acme.test", "Done, Liam. Sorry to see you go!"),
        ),
        custom={"plan": "Free", "order_count": 1, "newsletter": False},
        stage="churned",
        assignee="alice@acme.test",
        closed="resolved",
    ),
    DemoContact(
        "Yuki",
        "Tanaka",
        None,
        "+819012345678",
        "JP",
        "ja",
        channel="web-chat",
        hours_ago=0.2,
        messages=(("contact", "Do you have a Japanese version of the app?"),),
        stage="new-lead",
    ),
    DemoContact(
        "Camille",
        "Dubois",
        "camille.dubois@example.fr",
        "+33698765432",
        "FR",
        "fr",
        channel="email",
        hours_ago=8,
        messages=(
            ("contact", "Can I move my renewal date to the 1st of the month?"),
            ("workflow", WORKFLOW_GREETING),
            ("manager@acme.test", "Yes: I've moved it, your next renewal is on the 1st."),
        ),
        custom={"company": "Atelier Dubois", "plan": "Pro", "birthday": "1992-11-02"},
        tags=("returning",),
        stage="customer",
        assignee="manager@acme.test",
        team="Support",
    ),
)
