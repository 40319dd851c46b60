#pragma once

#include "domain/Error.h"
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace portolan {

// A Traefik v3 router rule, read as Traefik reads it: matchers such as Host(`a`, `b`) or
// PathPrefix("/x") joined by && and ||, negated with !, grouped with parentheses; strings in
// backticks (raw) or double quotes (Go escapes). The compose import takes a route's host from
// it; everything a registry route cannot hold (paths, headers, negations, a second host) is
// named so the import can warn instead of dropping it silently.
class TraefikRule
{
public:
    struct Matcher
    {
        QString name; // as Traefik spells it: Host, PathPrefix, ... (case kept from the rule)
        QStringList arguments;
        bool negated = false;
    };

    static std::optional<TraefikRule> parse(const QString &text, Error *error);

    const QVector<Matcher> &matchers() const { return m_matchers; }
    bool hasAlternatives() const { return m_hasOr; }
    // Every host of a Host() matcher that is not negated, in rule order.
    QStringList hosts() const;
    // The matchers other than plain hosts, as written back for a message: "PathPrefix(`/api`)".
    QStringList otherParts() const;

    // How the exports write a host: backticks when that is exact, else a Go string (so no
    // value can close the string early and add a matcher of its own).
    static QString quoted(const QString &value);
    // A router or service name Traefik can hold in a label key or a file-provider name: only
    // [a-z0-9-] (label keys are split on dots, "jelly.fin" dropped the container).
    static QString identifier(const QString &name);
    // The character a one-letter Go escape stands for (\n, \t, \", ...); nullopt for the others
    // (\u and friends, or none at all). Compose's env files take the same escapes.
    static std::optional<QChar> goEscape(QChar escape);

private:
    QVector<Matcher> m_matchers;
    bool m_hasOr = false;
};

} // namespace portolan
