#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace portolan {

class BlocksModel;
class Document;

// The policy in words and the blocks table: each block's ports, purpose, label and fill;
// purpose and label edit in place.
class PolicyPage : public QWidget
{
    Q_OBJECT

public:
    explicit PolicyPage(Document *document, QWidget *parent = nullptr);

    void refresh();
    int currentBlock() const;
    void selectBlock(int index);

signals:
    void editPolicyRequested();
    void addBlockRequested();
    void removeBlockRequested();

private:
    Document *m_document;
    BlocksModel *m_model;
    QLabel *m_summary;
    QTableView *m_view;
};

} // namespace portolan
