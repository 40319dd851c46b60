#pragma once

#include "document/Document.h"

#include <QCoreApplication>

namespace portolan {

// What the generic commands need to know about each kind of element: where one is (its
// parent's id and its index there), how to put it back there and take it out, and what the
// History calls it. One specialization per kind.
template <typename Element>
struct ElementTraits;

template <>
struct ElementTraits<Device>
{
    Q_DECLARE_TR_FUNCTIONS(ElementTraits)
public:
    static QString label(const Device &device) { return tr("device %1").arg(device.name); }
    static bool locate(const Document &document, qint64 id, qint64 *parentId, int *index);
    static const Device *at(const Document &document, qint64 parentId, int index);
    static bool insert(Document &document, qint64 parentId, int index, Device &device)
    {
        Q_UNUSED(parentId);
        return document.insertDevice(index, device);
    }
    static bool remove(Document &document, qint64 id) { return document.removeDevice(id); }
};

template <>
struct ElementTraits<Service>
{
    Q_DECLARE_TR_FUNCTIONS(ElementTraits)
public:
    static QString label(const Service &service) { return tr("service %1").arg(service.name); }
    static bool locate(const Document &document, qint64 id, qint64 *parentId, int *index);
    static const Service *at(const Document &document, qint64 parentId, int index);
    static bool insert(Document &document, qint64 parentId, int index, Service &service)
    {
        return document.insertService(parentId, index, service);
    }
    static bool remove(Document &document, qint64 id) { return document.removeService(id); }
};

template <>
struct ElementTraits<Binding>
{
    Q_DECLARE_TR_FUNCTIONS(ElementTraits)
public:
    static QString label(const Binding &binding)
    {
        return tr("binding %1").arg(binding.hostLabel());
    }
    static bool locate(const Document &document, qint64 id, qint64 *parentId, int *index);
    static const Binding *at(const Document &document, qint64 parentId, int index);
    static bool insert(Document &document, qint64 parentId, int index, Binding &binding)
    {
        return document.insertBinding(parentId, index, binding);
    }
    static bool remove(Document &document, qint64 id) { return document.removeBinding(id); }
};

template <>
struct ElementTraits<Block>
{
    Q_DECLARE_TR_FUNCTIONS(ElementTraits)
public:
    static QString label(const Block &block) { return tr("block %1").arg(block.displayName()); }
    static bool locate(const Document &document, qint64 id, qint64 *parentId, int *index);
    static const Block *at(const Document &document, qint64 parentId, int index);
    static bool insert(Document &document, qint64 parentId, int index, Block &block)
    {
        Q_UNUSED(parentId);
        return document.insertBlock(index, block);
    }
    static bool remove(Document &document, qint64 id) { return document.removeBlock(id); }
};

template <>
struct ElementTraits<Policy>
{
    Q_DECLARE_TR_FUNCTIONS(ElementTraits)
public:
    static QString label(const Policy &) { return tr("policy"); }
};

} // namespace portolan
