#pragma once

class QWidget;

namespace portolan {

// Tab visits every control of `window` in the order a person reads it: rows top to bottom
// (controls whose middles are within a few pixels share a row), each left to right, the
// buttons last, and comes round to the first. Called once the window is laid out (showEvent):
// fields added around a form (a check box, a Browse or Next free button) take their places.
void orderTabsAsSeen(QWidget *window);

} // namespace portolan
