package dev.sessionguard.report;

import java.util.function.Function;

/** The report formats of the audit. */
public enum ReportFormat {
    text(TextReport::render),
    markdown(MarkdownReport::render),
    json(JsonReport::render),
    sarif(SarifReport::render),
    html(HtmlReport::render);

    private final Function<AuditReport, String> renderer;

    ReportFormat(Function<AuditReport, String> renderer) {
        this.renderer = renderer;
    }

    public String render(AuditReport report) {
        return renderer.apply(report);
    }
}
