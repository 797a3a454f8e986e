"""One verdict from axe-core's results over a kind of support element, shared by the axe-based rules.

axe's violations fail, its incomplete checks (it could not decide, e.g. text over an image) and
frames it could not enter need review; what axe passed passes. Our own findings about the same
elements (a launcher with no role, say) join the failures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.a11y.model import AxeNode, AxeRuleResult, SupportKind
from rules._audits import AuditedPage, audited_pages, node_evidence, unaudited
from rules.context import LocaleContext
from rules.evidence import MAX_EVIDENCE
from rules.model import Evidence, Outcome, Verdict


@dataclass
class _Flagged:
    """axe rule results over the chosen elements, with the nodes and their evidence."""

    rules: dict[str, AxeRuleResult] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, context: LocaleContext, audited: AuditedPage, result: AxeRuleResult, node: AxeNode) -> None:
        self.rules.setdefault(result.id, result)
        self.evidence.append(node_evidence(context, audited.page, node))

    def summary(self) -> list[dict[str, object]]:
        return [
            {"rule": result.id, "impact": result.impact, "help": result.help, "help_url": result.help_url}
            for result in self.rules.values()
        ]

    def said(self) -> str:
        return "; ".join(f"{result.help} ({result.id})" for result in self.rules.values())


def axe_verdict(
    context: LocaleContext,
    kinds: tuple[SupportKind, ...],
    what: str,
    own_failures: tuple[tuple[str, Evidence], ...] = (),
) -> Verdict:
    """The verdict on ``kinds`` of support element, named ``what`` in messages ("contact forms")."""
    pages = [a for a in audited_pages(context) if any(e.kind in kinds for e in a.audit.elements)]
    blind = unaudited(context)
    if not pages:
        if blind:
            return Verdict(
                Outcome.NEEDS_REVIEW,
                f"No {what} could be checked: " + "; ".join(blind[:3]),
                (),
                {"unchecked": blind},
            )
        return Verdict(Outcome.NOT_APPLICABLE, f"No {what} on the pages checked.")
    failed, unsure = _Flagged(), _Flagged()
    for audited in pages:
        assert audited.audit.axe is not None  # support elements were found, so axe ran
        for result in audited.audit.axe.violations:
            for node in result.nodes:
                if node.support in kinds:
                    failed.add(context, audited, result, node)
        for result in audited.audit.axe.incomplete:
            for node in result.nodes:
                if node.support in kinds:
                    unsure.add(context, audited, result, node)
    checked = sum(1 for a in pages for e in a.audit.elements if e.kind in kinds)
    details: dict[str, object] = {
        "checked": checked,
        "pages": [a.page.url for a in pages],
        "axe_version": pages[0].audit.axe.version if pages[0].audit.axe else "",
        "violations": failed.summary(),
        "incomplete": unsure.summary(),
        "own": [said for said, _ in own_failures],
    }
    if failed.rules or own_failures:
        said = "; ".join([*(said for said, _ in own_failures), *([failed.said()] if failed.rules else [])])
        evidence = [*(evidence for _, evidence in own_failures), *failed.evidence]
        return Verdict(Outcome.FAIL, f"On the {what}: {said}.", tuple(evidence[:MAX_EVIDENCE]), details)
    frame_errors = sum(a.audit.axe.frame_errors for a in pages if a.audit.axe)
    if unsure.rules or frame_errors or blind:
        reasons = [f"axe-core could not decide: {unsure.said()}"] if unsure.rules else []
        reasons += [f"{frame_errors} frame(s) could not be checked"] if frame_errors else []
        reasons += blind[:2]
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"No violation found on {checked} {what}, but " + "; ".join(reasons) + ".",
            tuple(unsure.evidence[:MAX_EVIDENCE]),
            {**details, "unchecked": blind},
        )
    return Verdict(
        Outcome.PASS,
        f"axe-core found no violation of WCAG 2.2 A/AA on the {checked} {what} checked.",
        (),
        details,
    )
