#pragma once

#include <QAbstractTableModel>
#include <QStringList>

namespace portolan {

class Document;

// What every table over the document shares: the document, a fixed set of columns with their
// titles, numbers as the vertical header where a view shows one, and right-aligned titles over
// the columns that hold numbers.
class DocumentTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    DocumentTableModel(Document *document, const QStringList &titles, QObject *parent);
    void alignRight(QList<int> columns) { m_rightAligned = std::move(columns); }

    Document *m_document;

private:
    QStringList m_titles;
    QList<int> m_rightAligned;
};

} // namespace portolan
