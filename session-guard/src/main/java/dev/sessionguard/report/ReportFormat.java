package dev.sessionguard.report;

import java.util.function.Function;

/** The report formats of the audit. */
public enum ReportFormat {
    text(TextReport::render, TextReport::render),
    markdown(MarkdownReport::render, MarkdownReport::render),
    json(JsonReport::render, JsonReport::render),
    sarif(SarifReport::render, SarifReport::render),
    html(HtmlReport::render, HtmlReport::render);

    private final Function<AuditReport, String> renderer;
    private final Function<ReactorReport, String> reactorRenderer;

    ReportFormat(Function<AuditReport, String> renderer, Function<ReactorReport, String> reactorRenderer) {
        this.renderer = renderer;
        this.reactorRenderer = reactorRenderer;
    }

    public String render(AuditReport report) {
        return renderer.apply(report);
    }

    public String render(ReactorReport reactor) {
        return reactorRenderer.apply(reactor);
    }
}
