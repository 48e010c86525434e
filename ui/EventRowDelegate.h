#pragma once

#include <QStyledItemDelegate>

/// Tints retries, conflicts and production rows in the event table, from the model's roles,
/// blending with the palette so that light and dark themes both stay readable.
class EventRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    /// The tint for a row with these traits, or an invalid colour for none.
    static QColor tint(const QPalette& palette, bool duplicate, bool conflict, bool production);
    /// The sign by the event name of a row whose event has problems.
    static QIcon problemIcon();

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};
