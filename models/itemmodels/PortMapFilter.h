#pragma once

#include <QSortFilterProxyModel>

namespace portolan {

// The port map's search: every word must match the service name, the route's host name or a
// port. A number matches a row whose host or container range contains it, so "20025" finds
// the binding 20020-20030.
class PortMapFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit PortMapFilter(QObject *parent = nullptr);

    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList m_words;
};

} // namespace portolan
