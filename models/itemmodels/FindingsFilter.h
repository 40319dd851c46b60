#pragma once

#include <QSortFilterProxyModel>

namespace portolan {

// The Findings dock's filters over a FindingsModel: errors only, and one device only (its own
// findings and its services' and bindings'). Sorted by SortRole, stable, so errors come first
// in the validator's order.
class FindingsFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit FindingsFilter(QObject *parent = nullptr);

    void setErrorsOnly(bool errorsOnly);
    // -1: every device.
    void setDevice(int deviceIndex);
    int device() const { return m_device; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // Compares the findings themselves: sorting 10,000 rows by subject through data() built
    // two strings per comparison, hundreds of milliseconds on the GUI thread.
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool m_errorsOnly = false;
    int m_device = -1;
};

} // namespace portolan
