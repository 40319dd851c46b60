#pragma once

#include "domain/Registry.h"

class QWidget;

namespace portolan {

// "Which service does this port belong to?": asked when a binding is planned from the heatmap,
// adopted from a drift check, or a service moves to another device. -1 when the user cancels
// or there is nothing to pick (the reason is the caller's to say).
namespace ServicePicker {

// `preselected`: the service offered first (-1: the first).
int pickService(QWidget *parent, const QString &title, const QString &question,
                const Device &device, int preselected = -1);
int pickDevice(QWidget *parent, const QString &title, const QString &question,
               const Registry &registry, int exceptDevice);

} // namespace ServicePicker

} // namespace portolan
