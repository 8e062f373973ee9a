export * from './api/auth';
export * from './api/pagination';
export * from './api/personal-api-keys';
export * from './api/projects';
