"""The a11y.* rules on saved snapshots: axe-core's results and the keyboard walk, judged without a browser.

The snapshots in ``tests/rules/saved/`` were crawled from the rule case sites in real Chromium
(axe-core 4.14.1 ran in the page and in its cross-origin chat frame); the tests re-judge them as
``supportcheck rejudge`` does, and change single facts to reach the outcomes a crawl cannot stage.
"""

from __future__ import annotations

from pathlib import Path

from checker.a11y.model import CaptchaFact, FormSteps, KeyboardWalk, PageAccessibility, RepeatedField
from checker.snapshot import LocaleSnapshots
from rules.context import build_context
from rules.engine import run_rule
from rules.model import Finding, Outcome
from rules.registry import all_rules

SAVED = Path(__file__).resolve().parent / "saved"


def _snapshots(name: str) -> LocaleSnapshots:
    return LocaleSnapshots.load(SAVED / f"{name}.json")


def _judge(rule_id: str, snapshots: LocaleSnapshots) -> Finding:
    rule = next(rule for rule in all_rules() if rule.meta.id == rule_id)
    return run_rule(rule, build_context(snapshots))


def _entry_audit(snapshots: LocaleSnapshots) -> PageAccessibility:
    audit = snapshots.pages[0].accessibility
    assert audit is not None
    return audit


def test_an_unnamed_button_inside_a_cross_origin_chat_frame_fails_with_its_frame_path() -> None:
    finding = _judge("a11y.chat-launcher", _snapshots("chat-frame-unnamed-button"))
    assert finding.outcome is Outcome.FAIL
    assert "button-name" in finding.message
    assert finding.evidence[0].selector.startswith("#chat-widget >>> ")
    assert finding.details["violations"][0]["help_url"].startswith("https://dequeuniversity.com/rules/axe/")  # type: ignore[index]


def _walk(snapshots: LocaleSnapshots) -> KeyboardWalk:
    walk = _entry_audit(snapshots).keyboard
    assert walk is not None
    return walk


def test_unlabelled_contact_form_fields_fail_and_the_links_on_the_same_page_pass() -> None:
    snapshots = _snapshots("contact-form-unlabelled")
    form = _judge("a11y.contact-form", snapshots)
    assert form.outcome is Outcome.FAIL
    assert "(label)" in form.message
    assert all(e.url.endswith("/contact") for e in form.evidence)
    assert _judge("a11y.help-links", snapshots).outcome is Outcome.PASS


def test_the_keyboard_reaches_and_opens_the_chat_inside_a_cross_origin_frame() -> None:
    finding = _judge("a11y.keyboard-help", _snapshots("chat-frame-keyboard"))
    assert finding.outcome is Outcome.PASS, finding.message
    walk = finding.details["walks"][0]  # type: ignore[index]
    assert walk["launcher"]["opened_by"] == "Enter"
    assert walk["launcher"]["focus_moved_in"] is True


def test_a_page_the_checks_failed_on_needs_review_not_a_verdict() -> None:
    snapshots = _snapshots("contact-form-unlabelled")
    for page in snapshots.pages:
        if page.accessibility is not None:
            page.accessibility = PageAccessibility(
                error="the accessibility checks did not finish within 20 s"
            )
    finding = _judge("a11y.contact-form", snapshots)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert "did not finish" in finding.message


def test_a_scan_made_before_the_checks_existed_needs_review() -> None:
    snapshots = _snapshots("chat-frame-unnamed-button")
    for page in snapshots.pages:
        page.accessibility = None
    for rule_id in (
        "a11y.chat-launcher",
        "a11y.help-links",
        "a11y.keyboard-help",
        "a11y.captcha-alternative",
    ):
        assert _judge(rule_id, snapshots).outcome is Outcome.NEEDS_REVIEW, rule_id


def test_a_frame_axe_could_not_enter_keeps_a_clean_result_from_passing() -> None:
    snapshots = _snapshots("chat-frame-keyboard")
    audit = _entry_audit(snapshots)
    assert audit.axe is not None
    audit.axe.frame_errors = 1
    finding = _judge("a11y.chat-launcher", snapshots)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert "1 frame(s) could not be checked" in finding.message


def test_a_launcher_focus_never_reached_needs_review_and_one_that_cannot_take_focus_fails() -> None:
    snapshots = _snapshots("chat-frame-keyboard")
    walk = _walk(snapshots)
    walk.reached = [stop for stop in walk.reached if stop.kind == "help_link"]
    walk.launcher = None
    assert _judge("a11y.keyboard-help", snapshots).outcome is Outcome.NEEDS_REVIEW
    walk.not_focusable = ["#chat-widget"]
    finding = _judge("a11y.keyboard-help", snapshots)
    assert finding.outcome is Outcome.FAIL
    assert "cannot take keyboard focus" in finding.message


def test_an_opened_chat_without_a_live_region_needs_review() -> None:
    snapshots = _snapshots("chat-frame-keyboard")
    launcher = _walk(snapshots).launcher
    assert launcher is not None
    launcher.live_region = False
    finding = _judge("a11y.keyboard-help", snapshots)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert "(4.1.3)" in finding.message


def test_captchas_of_a_vendor_need_review_unless_an_alternative_is_shown() -> None:
    snapshots = _snapshots("contact-form-unlabelled")
    form_page = next(
        p
        for p in snapshots.pages
        if p.accessibility and p.accessibility.captchas == [] and p.url.endswith("/contact")
    )
    assert form_page.accessibility is not None
    form_page.accessibility.captchas = [CaptchaFact(kinds=["hcaptcha"], form="form")]
    assert _judge("a11y.captcha-alternative", snapshots).outcome is Outcome.NEEDS_REVIEW
    form_page.accessibility.captchas[0].alternative = "Listen to an audio challenge"
    assert _judge("a11y.captcha-alternative", snapshots).outcome is Outcome.PASS


def _czech(snapshots: LocaleSnapshots) -> None:
    for page in snapshots.pages:
        if page.probe is not None:
            page.probe.lang = "cs"
            page.probe.text_blocks = []  # so that its language is told by <html lang>


def test_no_statement_on_a_fully_seen_czech_site_fails_as_on_an_english_one() -> None:
    # Czech was one of the languages without statement phrases, where this needed review.
    snapshots = _snapshots("contact-form-unlabelled")
    english = _judge("access.statement", snapshots)
    _czech(snapshots)
    czech = _judge("access.statement", snapshots)
    assert english.outcome is czech.outcome is Outcome.FAIL, czech.message
    assert "No link to an accessibility statement" in czech.message


def test_a_czech_statement_link_with_a_contact_on_its_page_passes() -> None:
    snapshots = _snapshots("contact-form-unlabelled")
    _czech(snapshots)
    entry = snapshots.pages[0]
    assert entry.probe is not None
    link = next(link for link in entry.probe.links if link.href.endswith("/contact"))
    link.text = link.name = "Prohlášení o přístupnosti"
    finding = _judge("access.statement", snapshots)
    assert finding.outcome is Outcome.PASS, finding.message
    assert finding.details["statement"].endswith("/contact")  # type: ignore[union-attr]


def _asks_again(snapshots: LocaleSnapshots) -> None:
    page = next(p for p in snapshots.pages if p.accessibility and p.url.endswith("/contact"))
    assert page.accessibility is not None
    page.accessibility.forms = [
        FormSteps(
            form="form",
            steps=3,
            hidden_steps=2,
            repeated=[
                RepeatedField(key="email", first="#email", again="#reply-to", first_step=1, again_step=3)
            ],
        )
    ]


def test_a_form_asking_again_in_a_later_step_never_turns_a_failure_into_a_review() -> None:
    snapshots = _snapshots("contact-form-unlabelled")
    _asks_again(snapshots)
    finding = _judge("a11y.contact-form", snapshots)
    assert finding.outcome is Outcome.FAIL
    assert finding.details["multi_step_forms"][0]["repeated"][0]["key"] == "email"  # type: ignore[index]


def test_a_clean_form_asking_again_in_a_later_step_needs_review_under_3_3_7() -> None:
    snapshots = _snapshots("contact-form-unlabelled")
    for page in snapshots.pages:
        if page.accessibility is not None and page.accessibility.axe is not None:
            page.accessibility.axe.violations = []
    assert _judge("a11y.contact-form", snapshots).outcome is Outcome.PASS
    _asks_again(snapshots)
    finding = _judge("a11y.contact-form", snapshots)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert (
        "asks for 'email' in step 1 and again in step 3" in finding.message
        and "(WCAG 3.3.7)" in finding.message
    )
    assert finding.evidence[-1].selector == "#reply-to"
