#include "domain/PortRange.h"

namespace portolan {

namespace {

// Ports are small; anything past this is a typo or hostile input, rejected at parse time so no
// later arithmetic can overflow.
constexpr qint64 LargestAcceptedNumber = 999999;

std::optional<int> parseNonNegative(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 9)
        return std::nullopt;
    // At most nine digits: summed here, with no locale to consult.
    qint64 value = 0;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    if (value > LargestAcceptedNumber)
        return std::nullopt;
    return static_cast<int>(value);
}

} // namespace

QString PortRange::toString() const
{
    if (!spelledAsRange)
        return QString::number(first);
    return QStringLiteral("%1-%2").arg(first).arg(last);
}

std::optional<PortRange> PortRange::parse(const QString &text)
{
    const QStringView view(text);
    const qsizetype dash = view.indexOf(u'-');
    if (dash < 0) {
        const auto port = parseNonNegative(view);
        if (!port)
            return std::nullopt;
        return single(*port);
    }
    const auto first = parseNonNegative(view.left(dash));
    const auto last = parseNonNegative(view.mid(dash + 1));
    if (!first || !last)
        return std::nullopt;
    return span(*first, *last);
}

} // namespace portolan
