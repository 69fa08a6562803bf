package io.hubscore.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The default of a setting, written as it would be written in the YAML file. Defaults are applied in
 * one place, the binder, which parses this text exactly as it parses the admin's own value.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Default {
    String value();
}
