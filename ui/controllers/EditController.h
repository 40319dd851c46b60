#pragma once

#include "controllers/Feedback.h"

#include "controllers/WindowParts.h"

#include <QObject>

class QUndoCommand;
class QWidget;

namespace portolan {

class Document;
class Navigator;
class PolicyPage;
class PortMapPage;
class RangePage;

// Every edit the user asks for, by menu, toolbar, keyboard or double-click: the dialog that
// checks it, then one undo command pushed on the document's stack, then the new element
// selected. Nothing here changes the registry but through commands.
class EditController : public QObject
{
    Q_OBJECT

public:
    EditController(const WindowParts &parts, QObject *parent = nullptr);

public slots:
    void addDevice();
    void addService();
    void addBinding();
    // A binding planned on a free port of the heatmap.
    void addBindingAt(int port);
    // A new binding for a run of free ports chosen in the heatmap.
    void addBindingForRange(int first, int last);
    void editSelection();
    void editService();
    void editDevice(int deviceIndex);
    void duplicateSelection();
    void deleteSelection();
    void moveService();
    void editPolicy();
    void addBlock();
    void removeBlock();

private:
    WindowParts m_parts;
    void push(QUndoCommand *command);
};

} // namespace portolan
