#pragma once

#include "pages/LazyPage.h"

class QLabel;
class QTableView;

namespace portolan {

class BlocksModel;
class Document;

// The policy in words and the blocks table: each block's ports, purpose, label and fill;
// purpose and label edit in place. The widgets are built when the page is first shown (a hidden
// tab at start).
class PolicyPage : public LazyPage
{
    Q_OBJECT

public:
    explicit PolicyPage(Document *document, QWidget *parent = nullptr);

    void refresh();
    int currentBlock() const;
    void selectBlock(int index);

protected:
    QWidget *createContent() override;

signals:
    void editPolicyRequested();
    void addBlockRequested();
    void removeBlockRequested();

private:
    Document *m_document;
    BlocksModel *m_model;
    // Built on first show: null until then.
    QLabel *m_summary = nullptr;
    QTableView *m_view = nullptr;
};

} // namespace portolan
