#include "check/FindingsReport.h"

#include "domain/TextRules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace portolan {

QString FindingsReport::textLine(const Finding &finding)
{
    const QString separator = QStringLiteral("  ");
    // Registry text is escaped: a value may not start a line of its own or steer the terminal.
    return severityName(finding.severity) + separator + finding.code + separator +
           TextRules::forTerminal(finding.subject()) + separator + finding.portLabel() + separator +
           TextRules::forTerminal(finding.message);
}

QString FindingsReport::toText(const Findings &findings)
{
    QString text;
    for (const Finding &finding : findings) {
        text += textLine(finding);
        text += u'\n';
    }
    return text;
}

bool FindingsReport::writeText(const Findings &findings,
                               const std::function<bool(QByteArrayView)> &sink)
{
    constexpr qsizetype PieceCharacters = 32 * 1024;
    QString piece;
    piece.reserve(PieceCharacters + 1024);
    for (const Finding &finding : findings) {
        piece += textLine(finding);
        piece += u'\n';
        if (piece.size() >= PieceCharacters) {
            if (!sink(piece.toUtf8()))
                return false;
            piece.truncate(0); // keeps its room for the next piece
        }
    }
    return piece.isEmpty() || sink(piece.toUtf8());
}

QByteArray FindingsReport::toJson(const Findings &findings)
{
    QJsonArray list;
    for (const Finding &finding : findings) {
        QJsonObject object;
        object.insert(QStringLiteral("severity"), severityName(finding.severity));
        object.insert(QStringLiteral("code"), finding.code);
        object.insert(QStringLiteral("device"), finding.device);
        object.insert(QStringLiteral("service"), finding.service);
        if (!finding.port)
            object.insert(QStringLiteral("port"), QJsonValue::Null);
        else if (finding.port->isRange())
            object.insert(QStringLiteral("port"), finding.port->toString());
        else
            object.insert(QStringLiteral("port"), finding.port->first);
        object.insert(QStringLiteral("message"), finding.message);
        list.append(object);
    }
    const FindingCounts counts = countFindings(findings);
    QJsonObject root;
    root.insert(QStringLiteral("findings"), list);
    root.insert(QStringLiteral("errors"), counts.errors);
    root.insert(QStringLiteral("warnings"), counts.warnings);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace portolan
