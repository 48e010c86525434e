#pragma once

#include <QString>

#include <functional>

class QWidget;

/// How the window's dialogs ask and warn: message boxes, unless a test answers instead (as
/// EventActions::setConfirm does for the table's actions).
struct Prompts
{
    using Confirm = std::function<bool(const QString& question)>;
    using Warn = std::function<void(const QString& message)>;

    /// Message boxes over @p parent's window.
    static Prompts messageBoxes(QWidget* parent);

    Confirm confirm;
    Warn warn;
};
