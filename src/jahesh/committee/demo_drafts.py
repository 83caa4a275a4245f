"""The three drafts of the illustrative committee: the structure of the communications and
international-affairs directorate, the job descriptions of its sections, and a glossary of the
field, with a first round of opinions (most cities answer, some stay silent), the secretariat's
dispositions, a second version and an open round. Written for the demo; nothing here is real.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from jahesh.committee import services
from jahesh.committee.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    CommitteeRole,
    CommitteeRoleKind,
    Draft,
    DraftKind,
    Outcome,
    Section,
    SectionKind,
    Stance,
    Visibility,
)
from jahesh.committee.selectors import proposals_to_dispose

SILENT = ("ahvaz", "urmia", "rasht")

# (unit, parent unit or "", posts as (title, count, grade, qualifications), duties)
STRUCTURE: tuple[tuple[str, str, tuple[tuple[str, int, str, str], ...], tuple[str, ...]], ...] = (
    (
        "اداره کل ارتباطات و امور بین‌الملل",
        "",
        (("مدیر کل", 1, "مدیر", "کارشناسی ارشد ارتباطات یا مدیریت با ۱۰ سال سابقه"),),
        (
            "راهبری ارتباطات شهرداری با شهروندان، رسانه‌ها و شهرهای دیگر",
            "تدوین برنامه سالانه ارتباطات و پایش اجرای آن",
        ),
    ),
    (
        "معاونت ارتباطات رسانه‌ای",
        "اداره کل ارتباطات و امور بین‌الملل",
        (("معاون", 1, "معاون", "کارشناسی ارشد علوم ارتباطات با ۸ سال سابقه"),),
        ("هماهنگی اطلاع‌رسانی واحدهای شهرداری",),
    ),
    (
        "اداره خبر و رسانه",
        "معاونت ارتباطات رسانه‌ای",
        (
            ("رئیس اداره", 1, "رئیس", "کارشناسی روزنامه‌نگاری با ۵ سال سابقه"),
            ("خبرنگار", 4, "کارشناس", "کارشناسی روزنامه‌نگاری یا ارتباطات"),
            ("عکاس خبری", 2, "کاردان", "کاردانی عکاسی"),
        ),
        ("تهیه و انتشار خبرهای شهرداری", "پاسخ به پرسش‌های رسانه‌ها در ۲۴ ساعت"),
    ),
    (
        "اداره روابط عمومی الکترونیک",
        "معاونت ارتباطات رسانه‌ای",
        (
            ("رئیس اداره", 1, "رئیس", "کارشناسی فناوری اطلاعات یا ارتباطات"),
            ("کارشناس رسانه‌های اجتماعی", 3, "کارشناس", "کارشناسی ارتباطات"),
        ),
        ("اداره درگاه و حساب‌های رسمی شهرداری", "پاسخ‌گویی برخط به شهروندان"),
    ),
    (
        "معاونت امور بین‌الملل",
        "اداره کل ارتباطات و امور بین‌الملل",
        (("معاون", 1, "معاون", "کارشناسی ارشد روابط بین‌الملل و تسلط بر زبان انگلیسی"),),
        ("پیگیری خواهرخواندگی‌ها و همکاری با شهرهای جهان",),
    ),
    (
        "اداره دیپلماسی شهری",
        "معاونت امور بین‌الملل",
        (("کارشناس امور بین‌الملل", 3, "کارشناس", "کارشناسی روابط بین‌الملل"),),
        ("تهیه برنامه سفرها و پذیرش هیئت‌های خارجی", "عضویت و حضور در مجامع جهانی شهرها"),
    ),
    (
        "اداره افکارسنجی و پژوهش",
        "اداره کل ارتباطات و امور بین‌الملل",
        (("پژوهشگر", 2, "کارشناس", "کارشناسی ارشد علوم اجتماعی"),),
        ("سنجش رضایت شهروندان هر شش ماه", "تحلیل بازتاب رسانه‌ای برنامه‌های شهرداری"),
    ),
)

JOB_DESCRIPTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "مدیر کل ارتباطات و امور بین‌الملل",
        (
            "تدوین راهبرد ارتباطی شهرداری و پیشنهاد آن به شهردار",
            "نظارت بر اطلاع‌رسانی همه واحدها و سازمان‌های وابسته",
            "سخنگویی شهرداری در نبود سخنگوی رسمی",
        ),
    ),
    (
        "رئیس اداره خبر و رسانه",
        (
            "برنامه‌ریزی پوشش خبری رویدادهای شهرداری",
            "تأیید نهایی خبرها پیش از انتشار",
            "برگزاری نشست‌های خبری",
        ),
    ),
    (
        "کارشناس رسانه‌های اجتماعی",
        (
            "تهیه محتوای روزانه حساب‌های رسمی",
            "پاسخ به پیام‌های شهروندان در ۲۴ ساعت",
            "گزارش ماهانه بازخورد شهروندان",
        ),
    ),
    (
        "کارشناس امور بین‌الملل",
        (
            "مکاتبه با شهرهای خواهرخوانده",
            "ترجمه و تنظیم گزارش‌های بین‌المللی",
        ),
    ),
)

# (term, English, definition, related terms)
GLOSSARY: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "امیدآفرینی",
        "Hope building",
        "برنامه‌ریزی ارتباطی برای نشان دادن پیشرفت شهر به شهروندان و پدید آوردن اعتماد به آینده.",
        ("جهش عمرانی",),
    ),
    (
        "روابط عمومی الکترونیک",
        "E-public relations",
        "انجام کارکردهای روابط عمومی با ابزارهای برخط: درگاه، شبکه‌های اجتماعی و پیام‌رسان‌ها.",
        ("رسانه اجتماعی", "درگاه شهرداری"),
    ),
    (
        "دیپلماسی شهری",
        "City diplomacy",
        "روابط و همکاری یک شهر با شهرها و نهادهای بین‌المللی برای منافع شهروندانش.",
        ("خواهرخواندگی", "شبکه جهانی شهرها"),
    ),
    (
        "خواهرخواندگی",
        "Sister city",
        "پیمان دوستی و همکاری درازمدت میان دو شهر از دو کشور.",
        ("دیپلماسی شهری",),
    ),
    (
        "جهش عمرانی",
        "Construction leap",
        "افتتاح، بهره‌برداری یا آغاز هم‌زمان چند پروژه عمرانی در یک مرحله با یک برنامه ارتباطی.",
        ("امیدآفرینی",),
    ),
    (
        "افکارسنجی",
        "Opinion polling",
        "سنجش نظر و نگرش شهروندان با روش‌های نمونه‌گیری.",
        ("رضایت‌سنجی",),
    ),
    (
        "رضایت‌سنجی",
        "Satisfaction survey",
        "سنجش میزان رضایت شهروندان از خدمات شهری.",
        ("افکارسنجی",),
    ),
    ("سخنگو", "Spokesperson", "کسی که به نام سازمان با رسانه‌ها و مردم سخن می‌گوید.", ("نشست خبری",)),
    (
        "نشست خبری",
        "Press conference",
        "گردهمایی مقام یا سخنگو با خبرنگاران برای اعلام خبر و پاسخ به پرسش‌ها.",
        ("سخنگو",),
    ),
    ("بیانیه مطبوعاتی", "Press release", "متن رسمی که سازمان برای رسانه‌ها می‌فرستد.", ("خبرنامه",)),
    (
        "خبرنامه",
        "Newsletter",
        "نشریه دوره‌ای که خبرهای سازمان را به مخاطبان مشترک می‌رساند.",
        ("بیانیه مطبوعاتی",),
    ),
    (
        "رسانه اجتماعی",
        "Social media",
        "بستر برخطی که کاربران در آن محتوا می‌سازند و هم‌رسانی می‌کنند.",
        ("روابط عمومی الکترونیک",),
    ),
    (
        "درگاه شهرداری",
        "Municipal portal",
        "وب‌گاه رسمی شهرداری برای خبر، خدمت و داده.",
        ("داده باز",),
    ),
    (
        "داده باز",
        "Open data",
        "داده‌ای که همه آزادانه به کار می‌گیرند و دوباره منتشر می‌کنند.",
        ("شفافیت",),
    ),
    (
        "شفافیت",
        "Transparency",
        "در دسترس بودن اطلاعات تصمیم‌ها و هزینه‌ها برای مردم.",
        ("داده باز", "پاسخ‌گویی"),
    ),
    (
        "پاسخ‌گویی",
        "Accountability",
        "آمادگی سازمان برای توضیح کارها و پذیرفتن پیامد آن‌ها نزد مردم.",
        ("شفافیت",),
    ),
    (
        "مدیریت بحران ارتباطی",
        "Crisis communication",
        "برنامه و کار ارتباطی سازمان در رویداد ناگهانی و پرخطر.",
        ("شایعه",),
    ),
    (
        "شایعه",
        "Rumour",
        "خبر بی‌پشتوانه‌ای که دهان‌به‌دهان یا برخط پخش می‌شود.",
        ("مدیریت بحران ارتباطی", "راستی‌آزمایی"),
    ),
    ("راستی‌آزمایی", "Fact-checking", "سنجش درستی ادعاها و رقم‌ها پیش یا پس از انتشار.", ("شایعه",)),
    (
        "برند شهری",
        "City branding",
        "ساختن تصویر و هویت شناخته‌شده برای شهر نزد مردم و جهانیان.",
        ("گردشگری شهری",),
    ),
    ("گردشگری شهری", "Urban tourism", "سفر و بازدید از جاذبه‌های یک شهر.", ("برند شهری",)),
    (
        "مشارکت شهروندی",
        "Civic participation",
        "نقش‌آفرینی شهروندان در تصمیم‌ها و کارهای شهر.",
        ("شورایاری",),
    ),
    (
        "شورایاری",
        "Neighbourhood council",
        "نهاد محلی مشورتی شهروندان در کنار شورای شهر.",
        ("مشارکت شهروندی",),
    ),
    (
        "پویش",
        "Campaign",
        "مجموعه کارهای ارتباطی هماهنگ برای یک هدف در زمانی معین.",
        ("امیدآفرینی",),
    ),
    (
        "تبلیغات محیطی",
        "Outdoor advertising",
        "پیام‌رسانی با تابلو، دیوارنگاره و نمایشگر شهری.",
        ("پویش",),
    ),
    (
        "هویت بصری",
        "Visual identity",
        "نشانه، رنگ و قلم‌هایی که سازمان را در همه رسانه‌ها یکسان می‌نمایاند.",
        ("برند شهری",),
    ),
    (
        "پایش رسانه",
        "Media monitoring",
        "دنبال کردن و گزارش بازتاب سازمان در رسانه‌ها.",
        ("تحلیل محتوا",),
    ),
    ("تحلیل محتوا", "Content analysis", "بررسی نظام‌مند پیام‌های رسانه‌ای.", ("پایش رسانه",)),
    (
        "سامانه ۱۳۷",
        "137 citizen line",
        "سامانه پاسخ‌گویی تلفنی و برخط شهرداری به درخواست‌های شهروندان.",
        ("پاسخ‌گویی",),
    ),
    (
        "ارتباطات درون‌سازمانی",
        "Internal communication",
        "گردش اطلاعات میان کارکنان و واحدهای سازمان.",
        ("خبرنامه",),
    ),
    ("مجمع شهرداران", "Mayors' assembly", "نهاد همکاری شهرداران کلان‌شهرها.", ("کلان‌شهر",)),
    ("کلان‌شهر", "Metropolis", "شهر بزرگ با جمعیت بیش از یک میلیون نفر.", ("مجمع شهرداران",)),
    (
        "شبکه جهانی شهرها",
        "Global city network",
        "پیوند سازمان‌یافته شهرها برای هم‌اندیشی و همکاری.",
        ("دیپلماسی شهری",),
    ),
    ("هیئت خارجی", "Foreign delegation", "گروه رسمی که از کشوری دیگر به شهر می‌آید.", ("تشریفات",)),
    ("تشریفات", "Protocol", "آداب و ترتیب رسمی پذیرش مقام‌ها و مهمانان.", ("هیئت خارجی",)),
    (
        "روزنامه‌نگاری شهروندی",
        "Citizen journalism",
        "گزارشگری رویدادها به دست شهروندان.",
        ("رسانه اجتماعی",),
    ),
    ("اینفوگرافیک", "Infographic", "نمایش داده و خبر با نمودار و تصویر.", ("داده باز",)),
    ("پادکست", "Podcast", "برنامه صوتی دنباله‌دار که برخط منتشر می‌شود.", ("روابط عمومی الکترونیک",)),
    (
        "گزارش عملکرد",
        "Performance report",
        "گزارش دوره‌ای کارها و دستاوردهای سازمان برای مردم.",
        ("پاسخ‌گویی",),
    ),
    (
        "ژورنال شهری",
        "City journal",
        "نشریه‌ای که خبر و روایت زندگی شهر را منتشر می‌کند.",
        ("خبرنامه",),
    ),
    (
        "چشم‌انداز ارتباطی",
        "Communication vision",
        "تصویر آینده مطلوب ارتباطات سازمان در افق چندساله.",
        ("امیدآفرینی",),
    ),
    (
        "ذی‌نفع",
        "Stakeholder",
        "هر فرد یا گروهی که از تصمیم سازمان اثر می‌پذیرد یا بر آن اثر می‌گذارد.",
        ("مشارکت شهروندی",),
    ),
    ("ثبت رویداد", "Event coverage", "پوشش خبری و تصویری یک رویداد.", ("عکاسی خبری",)),
    ("عکاسی خبری", "Photojournalism", "روایت خبر با عکس.", ("ثبت رویداد",)),
)


def _representative(committee: Committee, member: CommitteeMember) -> Any:
    """A representative for a city without a demo log-in (the password cannot be used)."""
    role = CommitteeRole.objects.filter(
        committee=committee, member=member, kind=CommitteeRoleKind.MEMBER
    ).first()
    if role is not None:
        return role.user
    user = get_user_model().objects.create(
        username=f"committee-rep-{member.slug}",
        first_name="نماینده",
        last_name=member.name,
        password=make_password(None),
    )
    CommitteeRole.objects.create(
        committee=committee, user=user, kind=CommitteeRoleKind.MEMBER, member=member
    )
    return user


def _structure(committee: Committee, by: Any) -> Draft:
    draft = services.draft_create(
        committee=committee,
        by=by,
        kind=DraftKind.STRUCTURE,
        title="ساختار سازمانی اداره کل ارتباطات و امور بین‌الملل شهرداری‌های کلان‌شهرها",
    )
    units: dict[str, Section] = {}
    for name, parent, posts, duties in STRUCTURE:
        unit = services.section_add(
            draft=draft, by=by, kind=SectionKind.UNIT, title=name, parent=units.get(parent)
        )
        units[name] = unit
        for title, count, grade, qualifications in posts:
            services.section_add(
                draft=draft,
                by=by,
                kind=SectionKind.POST,
                title=title,
                parent=unit,
                data={"count": count, "grade": grade, "qualifications": qualifications},
            )
        for duty in duties:
            services.section_add(draft=draft, by=by, kind=SectionKind.DUTY, body=duty, parent=unit)
    return draft


def _job_descriptions(committee: Committee, by: Any) -> Draft:
    draft = services.draft_create(
        committee=committee,
        by=by,
        kind=DraftKind.JOB_DESCRIPTIONS,
        title="شرح وظایف پست‌های اداره کل ارتباطات و امور بین‌الملل",
    )
    for post, duties in JOB_DESCRIPTIONS:
        services.section_add(draft=draft, by=by, kind=SectionKind.HEADING, title=post)
        for duty in duties:
            services.section_add(draft=draft, by=by, kind=SectionKind.DUTY, body=duty)
    return draft


def _glossary(committee: Committee, by: Any) -> Draft:
    draft = services.draft_create(
        committee=committee,
        by=by,
        kind=DraftKind.GLOSSARY,
        title="واژه‌نامه ارتباطات و امور بین‌الملل شهری (نمونه)",
    )
    for term, english, definition, related in GLOSSARY:
        services.section_add(
            draft=draft,
            by=by,
            kind=SectionKind.TERM,
            title=term,
            body=definition,
            data={"english": english, "related": list(related), "source": "کمیته (نمونه نمایشی)"},
        )
    services.draft_publish(draft=draft, by=by, public=True)
    return draft


# What each answering city says in the first round of the structure: (stance, comment, proposal)
# for the unit «اداره روابط عمومی الکترونیک»'s first duty; the rest agree with everything else.
FIRST_ROUND = {
    "tehran": (Stance.AGREE, "", ""),
    "mashhad": (
        Stance.AGREE_WITH_CHANGES,
        "زمان پاسخ کوتاه‌تر شود.",
        "پاسخ‌گویی برخط به شهروندان در ۱۲ ساعت",
    ),
    "isfahan": (Stance.AGREE_WITH_CHANGES, "", "پاسخ‌گویی برخط به شهروندان در ۲۴ ساعت کاری"),
    "karaj": (Stance.DISAGREE, "این وظیفه با سامانه ۱۳۷ هم‌پوشانی دارد.", ""),
    "shiraz": (Stance.AGREE_WITH_CHANGES, "", "پاسخ‌گویی برخط به شهروندان در ۱۲ ساعت"),
    "tabriz": (Stance.AGREE, "", ""),
    "qom": (Stance.NO_OPINION, "", ""),
    "kermanshah": (Stance.AGREE, "", ""),
    "yazd": (Stance.AGREE, "", ""),
}


def build_demo_drafts(
    *,
    committee: Committee,
    secretary: Any,
    members: dict[str, CommitteeMember],
    today: dt.date,
    day: Callable[[str], dt.date],
) -> tuple[Draft, Draft, Draft]:
    """Add the seed's three drafts with their rounds; returns (structure, duties, glossary).

    ``day`` turns a date as the seed wrote it (1402) into the demo's date, moved like the
    sessions' (``demo._day``), so the first round stays between the 30th and 31st sessions and
    the second is open on ``today``: the same ``today`` gives the same demo.
    """
    by = secretary
    structure = _structure(committee, by)
    duties = _job_descriptions(committee, by)
    glossary = _glossary(committee, by)
    reps = {slug: _representative(committee, m) for slug, m in members.items()}

    # Round 1 of the structure, circulated after the 30th session in Yazd, now closed.
    circulated = day("1402/03/10")
    v1 = services.version_circulate(
        draft=structure,
        by=by,
        deadline=day("1402/03/28"),
        visibility=Visibility.AFTER_DEADLINE,
        note="نسخه نخست برای نظرخواهی شهرهای عضو (نمونه نمایشی).",
        today=circulated,
    )
    answered = day("1402/03/20")
    duty = v1.sections.get(body="پاسخ‌گویی برخط به شهروندان")
    for slug, (stance, comment, proposal) in FIRST_ROUND.items():
        services.opinion_write(
            section=duty,
            member=members[slug],
            by=reps[slug],
            stance=stance,
            comment=comment,
            proposed_text=proposal,
            today=answered,
        )
        services.whole_draft_answer(
            version=v1, member=members[slug], by=reps[slug], stance=Stance.AGREE, today=answered
        )
    research = v1.sections.get(title="اداره افکارسنجی و پژوهش")
    services.opinion_write(
        section=research,
        member=members["tabriz"],
        by=reps["tabriz"],
        stance=Stance.AGREE_WITH_CHANGES,
        comment="پژوهش زیر معاونت ارتباطات رسانه‌ای بیاید.",
        today=answered,
    )
    # The summing-up: Shiraz's and Mashhad's shared proposal is accepted, the rest answered.
    outcomes = {
        "shiraz": (Outcome.ACCEPTED, ""),
        "mashhad": (Outcome.ACCEPTED, ""),
        "isfahan": (Outcome.ACCEPTED_IN_PART, "زمان ۱۲ ساعته پذیرفته شد، نه ساعت کاری."),
        "karaj": (Outcome.NOT_ACCEPTED, "سامانه ۱۳۷ تلفنی است؛ این وظیفه پاسخ برخط است."),
        "tabriz": (Outcome.NOT_ACCEPTED, "پژوهش به همه معاونت‌ها خدمت می‌دهد و زیر اداره کل می‌ماند."),
    }
    for opinion in proposals_to_dispose(v1):
        outcome, reason = outcomes[opinion.member.slug]
        services.disposition_record(opinion=opinion, by=by, outcome=outcome, reason=reason)
    services.dispositions_apply(version=v1, by=by)

    # Round 2, open now; opinions visible to every city during the round.
    v2 = services.version_circulate(
        draft=structure,
        by=by,
        deadline=today + dt.timedelta(days=20),
        visibility=Visibility.DURING,
        note="نسخه دوم پس از جمع‌بندی نظرهای دور نخست (نمونه نمایشی).",
        today=today,
    )
    for slug in ("tehran", "mashhad", "yazd"):
        services.whole_draft_answer(version=v2, member=members[slug], by=reps[slug], today=today)

    # Job descriptions: one open round with opinions hidden until the deadline.
    d1 = services.version_circulate(
        draft=duties,
        by=by,
        deadline=today + dt.timedelta(days=10),
        today=today,
        visibility=Visibility.AFTER_DEADLINE,
    )
    first_duty = d1.sections.filter(kind=SectionKind.DUTY).order_by("position").first()
    if first_duty is not None:
        for slug, stance in (("shiraz", Stance.AGREE), ("isfahan", Stance.AGREE_WITH_CHANGES)):
            services.opinion_write(
                section=first_duty,
                member=members[slug],
                by=reps[slug],
                stance=stance,
                proposed_text="تدوین راهبرد ارتباطی سه‌ساله شهرداری"
                if stance == Stance.AGREE_WITH_CHANGES
                else "",
                today=today,
            )

    # The extraordinary session that settles the summing-up discusses the structure. Its item
    # was added before the drafts existed, so the demo sets the link on the row it made itself.
    AgendaItem.objects.filter(
        session__committee=committee, title__startswith="جمع‌بندی نهایی"
    ).update(draft=structure)
    return structure, duties, glossary
