#pragma once

#include <QWidget>

namespace portolan {

class DevicesPanel;
class Document;
class Feedback;
class Navigator;
class PolicyPage;
class PortMapPage;
class RangePage;

// The parts of the main window a controller acts on, handed over as one: the window builds
// them, the controllers share them (none owns any).
struct WindowParts
{
    Document *document = nullptr;
    Navigator *navigator = nullptr;
    DevicesPanel *devices = nullptr;
    PortMapPage *portMap = nullptr;
    PolicyPage *policy = nullptr;
    RangePage *range = nullptr;
    QWidget *window = nullptr; // parent of dialogs
    Feedback *feedback = nullptr;
};

} // namespace portolan
