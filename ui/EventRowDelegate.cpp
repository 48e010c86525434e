#include "EventRowDelegate.h"

#include "EventTableModel.h"

#include <QApplication>
#include <QStyle>

namespace {

QColor blend(const QColor& base, const QColor& accent, qreal amount)
{
    return QColor::fromRgbF(base.redF() * (1 - amount) + accent.redF() * amount,
        base.greenF() * (1 - amount) + accent.greenF() * amount, base.blueF() * (1 - amount) + accent.blueF() * amount);
}

} // namespace

QIcon EventRowDelegate::problemIcon()
{
    return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
}

QColor EventRowDelegate::tint(const QPalette& palette, bool duplicate, bool conflict, bool production)
{
    const QColor base = palette.color(QPalette::Base);
    if (conflict) {
        return blend(base, QColor(220, 50, 47), 0.35); // a reused key with other data: a sender bug
    }
    if (duplicate) {
        return blend(base, QColor(230, 160, 0), 0.22);
    }
    if (production) {
        return blend(base, QColor(200, 40, 120), 0.10);
    }
    return {};
}

void EventRowDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const bool duplicate = index.data(EventTableModel::DuplicateOfRole).toLongLong() > 0;
    const bool conflict = index.data(EventTableModel::ConflictRole).toBool();
    const bool production = index.data(EventTableModel::EnvironmentRole).toString() == QLatin1String("production");
    const QColor color = tint(option->palette, duplicate, conflict, production);
    if (color.isValid()) {
        option->backgroundBrush = color;
    }
    if (production && index.column() == EventTableModel::Environment) {
        option->font.setBold(true);
    }
    // An event with problems (outside the catalog, a changed data shape, unverified...) carries a
    // warning sign by its name, whatever its tint: the Problems tab says what they are.
    if (index.column() == EventTableModel::Event && index.data(EventTableModel::HasProblemsRole).toBool()) {
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->icon = problemIcon();
        option->decorationSize = option->decorationSize.isValid() ? option->decorationSize : QSize(16, 16);
    }
}
