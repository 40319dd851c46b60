#pragma once

#include "itemmodels/DocumentTableModel.h"

#include "domain/Finding.h"

#include <QAbstractTableModel>

namespace portolan {

class Document;

// Every finding of a document, in the validator's order. The list is replaced as a whole when
// the findings change: a finding has no identity that survives an edit.
class FindingsModel : public DocumentTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeverityColumn,
        Code,
        Where,
        Port,
        Message,
        ColumnCount
    };

    explicit FindingsModel(Document *document, QObject *parent = nullptr);

    const Finding &findingAt(int row) const { return m_findings[row]; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    Findings m_findings;
};

} // namespace portolan
