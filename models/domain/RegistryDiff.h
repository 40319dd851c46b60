#pragma once

#include "domain/Registry.h"

#include <QHash>
#include <QString>
#include <QVector>

#include <memory>

namespace portolan {

// The one comparison of two registries, element by element: what an import changes (its
// preview and the undo step it becomes), what a colleague changed on disk, what `diff` prints.
//
// Elements are matched by identity, not position: devices by name, services by name on their
// device (a service that left one device for another is a move), bindings by host port and
// protocol within their service (a binding whose host port changed is one change, not a
// removal and an addition, where its service has one binding of that container port), blocks
// by position in the range. A matched element whose place among its siblings changed is
// reported as reordered.
struct ElementPath
{
    int device = -1;
    int service = -1;
    int binding = -1;
    int block = -1;

    friend bool operator==(const ElementPath &a, const ElementPath &b)
    {
        return a.device == b.device && a.service == b.service && a.binding == b.binding &&
               a.block == b.block;
    }
};

struct FieldChange
{
    QString field;  // as the YAML names it: "ip", "host", "route.port"
    QString before; // "" when absent
    QString after;
};

struct RegistryChange
{
    enum class Kind
    {
        Added,
        Removed,
        Changed,
        Moved,     // a service to another device
        Reordered, // same parent, another place among its siblings
    };
    enum class Element
    {
        Policy,
        Block,
        Device,
        Service,
        Route,
        Binding,
    };

    Kind kind = Kind::Changed;
    Element element = Element::Policy;
    ElementPath before;          // where it is in the old registry (invalid for Added)
    ElementPath after;           // where it is in the new one (invalid for Removed)
    QVector<FieldChange> fields; // Changed (and Moved, when it also changed)

    static QString kindName(Kind kind);
    static QString elementName(Element element);
};

class RegistryDiff
{
public:
    static RegistryDiff compare(const Registry &before, const Registry &after);

    const Registry &before() const { return m_before; }
    const Registry &after() const { return m_after; }
    const QVector<RegistryChange> &changes() const { return m_changes; }
    bool isEmpty() const { return m_changes.isEmpty(); }

    // "atlas/gitea 20022/tcp": who a change is about, named on the side where it exists.
    QString subject(const RegistryChange &change) const;
    // One line per change: "changed binding atlas/gitea 20022/tcp: host 20022 -> 20023".
    QString describe(const RegistryChange &change) const;
    QStringList describeAll() const;

    // Values as the YAML spells them, for field changes and messages.
    static QString bindingLabel(const Binding &binding);

private:
    void comparePolicy();
    void compareDevices();
    void compareServices(int oldDevice, int newDevice);
    ElementPath moveTarget(const QString &fromDevice, const QString &service) const;
    // Where each device and service name is, on one side: built once moves are looked for, so
    // 2,000 services added to one device are not each looked up device by device.
    struct NameIndex
    {
        QHash<QString, int> deviceByName;         // the first device of each name
        QHash<QString, QVector<int>> devicesWith; // service name -> devices, ascending
    };
    static NameIndex indexNames(const Registry &registry);
    void buildIndexes();
    void compareService(ElementPath before, ElementPath after, bool moved);
    void compareBindings(ElementPath before, ElementPath after);

    Registry m_before;
    Registry m_after;
    QVector<RegistryChange> m_changes;
    std::shared_ptr<const NameIndex> m_beforeNames; // null until a move is looked for
    std::shared_ptr<const NameIndex> m_afterNames;
};

} // namespace portolan
