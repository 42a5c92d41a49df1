package lab.memremap.widgets;

/** One change of a synced field: which widget, which field, the value before and after. */
public record Change(Widget owner, String name, Object oldValue, Object newValue) {}
