#include "document/commands/ElementTraits.h"

namespace portolan {

bool ElementTraits<Device>::locate(const Document &document, qint64 id, qint64 *parentId,
                                   int *index)
{
    *parentId = 0;
    *index = document.deviceIndex(id);
    return *index >= 0;
}

const Device *ElementTraits<Device>::at(const Document &document, qint64, int index)
{
    return &document.registry().devices[index];
}

bool ElementTraits<Service>::locate(const Document &document, qint64 id, qint64 *parentId,
                                    int *index)
{
    const Document::ServicePath path = document.servicePath(id);
    if (!path.isValid())
        return false;
    *parentId = document.registry().devices[path.device].key.id;
    *index = path.service;
    return true;
}

const Service *ElementTraits<Service>::at(const Document &document, qint64 parentId, int index)
{
    return &document.registry().devices[document.deviceIndex(parentId)].services[index];
}

bool ElementTraits<Binding>::locate(const Document &document, qint64 id, qint64 *parentId,
                                    int *index)
{
    const Document::BindingPath path = document.bindingPath(id);
    if (!path.isValid())
        return false;
    *parentId = document.registry().devices[path.device].services[path.service].key.id;
    *index = path.binding;
    return true;
}

const Binding *ElementTraits<Binding>::at(const Document &document, qint64 parentId, int index)
{
    const Document::ServicePath path = document.servicePath(parentId);
    return &document.registry().devices[path.device].services[path.service].ports[index];
}

bool ElementTraits<Block>::locate(const Document &document, qint64 id, qint64 *parentId, int *index)
{
    *parentId = 0;
    *index = document.blockIndex(id);
    return *index >= 0;
}

const Block *ElementTraits<Block>::at(const Document &document, qint64, int index)
{
    return &document.registry().policy.blocks[index];
}

} // namespace portolan
