#pragma once

#include "drift/DriftCheck.h"

#include <QDialog>

class QTableWidget;

namespace portolan {

// The result of checking a device against listening sockets: each planned binding's state and
// each unplanned listening port, with "Add unplanned port" to plan one and "Adopt all" to plan
// every one (each one undo step).
class DriftDialog : public QDialog
{
    Q_OBJECT

public:
    DriftDialog(const Registry &registry, int deviceIndex, const QVector<DriftEntry> &entries,
                const QString &source, QWidget *parent = nullptr);

signals:
    void addUnplanned(const portolan::DriftEntry &entry);
    void adoptUnplanned(const QVector<portolan::DriftEntry> &entries);

private:
    QVector<DriftEntry> m_entries;
    QTableWidget *m_table;
};

} // namespace portolan
