#pragma once

#include "domain/Finding.h"
#include "domain/RegistryDiff.h"

#include <QByteArray>
#include <QCoreApplication>

namespace portolan {

class Validator;

// What a change to a registry does, for a reviewer: every element added, removed, changed,
// moved or reordered (RegistryDiff), and the findings it introduces and resolves (both sides
// validated). `portolan-cli diff`, the git diff driver and the app's Compare With dock print
// it in three shapes:
//   text      one change per line, easy to grep ("changed binding atlas/gitea 20022/tcp: host
//             20022 -> 20023"), then "+ FINDING" / "- FINDING" lines;
//   json      {"changes": [...], "findings": {"introduced": [...], "resolved": [...]},
//             "summary": {...}}, the schema the README documents;
//   markdown  a summary line and tables, for a pull-request comment.
class ChangeReport
{
    Q_DECLARE_TR_FUNCTIONS(ChangeReport)

public:
    static ChangeReport compare(const Registry &before, const Registry &after,
                                const Validator &validator);

    const RegistryDiff &diff() const { return m_diff; }
    const Findings &introduced() const { return m_introduced; }
    const Findings &resolved() const { return m_resolved; }
    bool isEmpty() const
    {
        return m_diff.isEmpty() && m_introduced.isEmpty() && m_resolved.isEmpty();
    }

    QString toText() const;
    QByteArray toJson() const;
    QString toMarkdown(const QString &beforeName, const QString &afterName) const;
    // "3 changes (1 added, 1 removed, 1 changed); 1 finding introduced, 0 resolved"
    QString summary() const;

private:
    RegistryDiff m_diff;
    Findings m_introduced;
    Findings m_resolved;
};

} // namespace portolan
