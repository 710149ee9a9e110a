//! A SQL application's inputs, outputs and reference data sources, added and deleted by their
//! own operations, each change a new version that a running engine runs at once.

use super::*;

/// Which part of a SQL application an `Add…` operation adds.
#[derive(Clone, Copy)]
pub(super) enum Part {
    Input,
    Output,
    ReferenceDataSource,
}

impl Applications {
    /// `AddApplicationInput`, `AddApplicationOutput`, `AddApplicationReferenceDataSource`.
    pub(super) fn add_part(
        &mut self,
        part: Part,
        request: &AddApplicationPartRequest,
        objects: &Objects,
        now: f64,
    ) -> ApiResult<Response> {
        let token = self.next_token();
        let app = self.app_mut(&request.application_name)?;
        app.check_version(&request.expected)?;
        let before = app.detail.application_configuration_description.clone();
        let id = format!("{}.1", app.detail.application_version_id + 1);
        let sql = app.sql_configuration()?;
        let given = request.part.as_ref();
        match part {
            Part::Input => sql.add_input(inputs::input_description(inputs::parse("Input", given)?, id)?)?,
            Part::Output => sql.add_output(inputs::output_description(inputs::parse("Output", given)?, id)?)?,
            Part::ReferenceDataSource => {
                let reference = inputs::reference_description(inputs::parse("ReferenceDataSource", given)?, id)?;
                sql.add_reference(reference)?
            }
        }
        let sql = sql.clone();
        app.sql_changed(before, token, now, objects)?;
        let (application_arn, application_version_id) =
            (app.detail.application_arn.clone(), app.detail.application_version_id);
        Ok(match part {
            Part::Input => Response::Inputs(AddApplicationInputResponse {
                application_arn,
                application_version_id,
                input_descriptions: sql.input_descriptions,
            }),
            Part::Output => Response::Outputs(AddApplicationOutputResponse {
                application_arn,
                application_version_id,
                output_descriptions: sql.output_descriptions,
            }),
            Part::ReferenceDataSource => Response::References(AddApplicationReferenceDataSourceResponse {
                application_arn,
                application_version_id,
                reference_data_source_descriptions: sql.reference_data_source_descriptions,
            }),
        })
    }

    /// `DeleteApplicationOutput` (`output`), `DeleteApplicationReferenceDataSource`.
    pub(super) fn delete_part(
        &mut self,
        output: bool,
        request: &DeleteApplicationPartRequest,
        objects: &Objects,
        now: f64,
    ) -> ApiResult<Response> {
        let id = &request.id;
        let token = self.next_token();
        let app = self.app_mut(&request.application_name)?;
        app.check_version(&request.expected)?;
        let before = app.detail.application_configuration_description.clone();
        let sql = app.sql_configuration()?;
        let found = if output {
            let before = sql.output_descriptions.len();
            sql.output_descriptions.retain(|o| &o.output_id != id);
            sql.output_descriptions.len() < before
        } else {
            let before = sql.reference_data_source_descriptions.len();
            sql.reference_data_source_descriptions.retain(|r| &r.reference_id != id);
            sql.reference_data_source_descriptions.len() < before
        };
        if !found {
            let what = if output { "Output" } else { "Reference data source" };
            return Err(ApiError::new("ResourceNotFoundException", format!("{what} {id} not found")));
        }
        app.sql_changed(before, token, now, objects)?;
        Ok(app.version_response())
    }
}

impl Application {
    /// The SQL configuration an `Add…`/`Delete…` operation changes: a SQL application's, when
    /// it is READY or RUNNING.
    pub(super) fn sql_configuration(&mut self) -> ApiResult<&mut SqlApplicationConfigurationDescription> {
        if self.detail.runtime_environment != RuntimeEnvironment::Sql1_0 {
            return Err(ApiError::invalid(format!(
                "Application {} is not a SQL application (RuntimeEnvironment SQL-1_0)",
                self.detail.application_name
            )));
        }
        self.changeable()?;
        let config = self.detail.application_configuration_description.get_or_insert_with(Default::default);
        Ok(config.sql_application_configuration_description.get_or_insert_with(Default::default))
    }

    /// A SQL application's inputs, outputs or reference data changed (`before`: as they were).
    /// A running engine runs the new version, carrying on from the checkpoint its stop takes;
    /// one that cannot start undoes the change, and the old version runs on.
    pub(super) fn sql_changed(
        &mut self,
        before: Option<ApplicationConfigurationDescription>,
        token: String,
        now: f64,
        objects: &Objects,
    ) -> ApiResult<()> {
        if let Err(e) = self.rerun(now, objects, Restore::Recover) {
            self.fall_back(now, objects, before, Restore::Recover);
            return Err(e.into());
        }
        self.reconfigured(token, now);
        Ok(())
    }
}
